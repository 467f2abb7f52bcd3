using System.Text.Json;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;
using static Commune.Gateway.Endpoints.Responses.ResponsesJson;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Reads the content of a Responses message or function-call output: a string, or parts (<c>input_text</c>, <c>output_text</c>,
/// <c>refusal</c>, <c>input_image</c>, <c>input_file</c>). Images and files travel inline (data URLs) or by http(s) URL; an uploaded
/// <c>file_id</c> is refused, since Commune has no file store to resolve it from.
/// </summary>
internal static class ResponsesContentReader
{
    /// <summary>The document media types a <see cref="ContentPartKinds.Document"/> part may carry.</summary>
    public static readonly IReadOnlySet<string> DocumentTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "application/pdf", "text/plain" };

    private static readonly HashSet<string> TextFields = ["type", "text", "annotations", "logprobs"];
    private static readonly HashSet<string> RefusalFields = ["type", "refusal"];
    private static readonly HashSet<string> ImageFields = ["type", "image_url", "file_id", "detail"];
    private static readonly HashSet<string> FileFields = ["type", "file_data", "file_url", "file_id", "filename"];

    /// <summary>Adds the content at <paramref name="path"/> to <paramref name="into"/>; <paramref name="media"/> allows images and files.</summary>
    public static void Read(JsonElement content, string path, bool media, ResponsesContent into)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            into.Add(content.GetString()!);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new ResponsesFieldException($"{path} must be a string or an array of content parts.");
        }

        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            ReadPart(part, $"{path}[{i++}]", media, into);
        }
    }

    private static void ReadPart(JsonElement part, string path, bool media, ResponsesContent into)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            throw new ResponsesFieldException($"{path} must be a content part object with a type.");
        }

        var type = RequiredString(part, "type", path + ".type");
        switch (type)
        {
            case "input_text" or "output_text" or "text":
                OnlyKnown(part, TextFields, path, "a text part");
                into.Add(RequiredString(part, "text", path + ".text"));
                return;
            case "refusal":
                // An earlier assistant refusal is what the model said; it goes back as that turn's text.
                OnlyKnown(part, RefusalFields, path, "a refusal part");
                into.Add(RequiredString(part, "refusal", path + ".refusal"));
                return;
            case "input_image" when media:
                OnlyKnown(part, ImageFields, path, "an input_image part");
                into.Add(Image(part, path));
                return;
            case "input_file" when media:
                OnlyKnown(part, FileFields, path, "an input_file part");
                into.Add(File(part, path));
                return;
            case "input_image" or "input_file":
                throw new ResponsesFieldException($"{path}.type \"{type}\" is only accepted in user messages and function_call_output items.");
            default:
                throw new ResponsesFieldException(
                    $"{path}.type \"{type}\" is not supported; content parts are input_text, output_text, refusal, input_image and input_file.");
        }
    }

    private static ContentPart Image(JsonElement part, string path)
    {
        if (String(part, "file_id", path + ".file_id") is not null)
        {
            throw new ResponsesFieldException($"{path}.file_id is not supported: Commune has no file store; send the image as image_url (an http(s) or data URL).");
        }

        var detail = String(part, "detail", path + ".detail");
        if (detail is not (null or "auto" or "low" or "high"))
        {
            throw new ResponsesFieldException($"{path}.detail must be auto, low or high.");
        }

        var url = RequiredString(part, "image_url", path + ".image_url");
        if (InlineData(url, path + ".image_url") is var (mediaType, data))
        {
            if (!mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            {
                throw new ResponsesFieldException($"{path}.image_url is a data URL of {mediaType}; an image/* media type is required.");
            }

            return new ContentPart(ContentPartKinds.Image, MediaType: mediaType, Data: data, Detail: detail);
        }

        return new ContentPart(ContentPartKinds.Image, Uri: HttpUrl(url, path + ".image_url"), Detail: detail);
    }

    private static ContentPart File(JsonElement part, string path)
    {
        if (String(part, "file_id", path + ".file_id") is not null)
        {
            throw new ResponsesFieldException($"{path}.file_id is not supported: Commune has no file store; send the file inline as file_data (a data URL) or as file_url.");
        }

        if (String(part, "file_url", path + ".file_url") is { } url)
        {
            return new ContentPart(ContentPartKinds.Document, Uri: HttpUrl(url, path + ".file_url"), Text: String(part, "filename", path + ".filename"));
        }

        var fileData = RequiredString(part, "file_data", path + ".file_data");
        if (InlineData(fileData, path + ".file_data") is not var (mediaType, data))
        {
            throw new ResponsesFieldException($"{path}.file_data must be a base64 data URL (data:application/pdf;base64,…).");
        }

        if (!DocumentTypes.Contains(mediaType))
        {
            throw new ResponsesFieldException($"{path}.file_data is {mediaType}; Commune carries only PDF (application/pdf) and plain-text (text/plain) files.");
        }

        // A document part's Text is its title: the filename the caller gave, which Anthropic shows the model.
        return new ContentPart(ContentPartKinds.Document, Text: String(part, "filename", path + ".filename"), MediaType: mediaType.ToLowerInvariant(), Data: data);
    }

    /// <summary>The media type and bytes of a data URL; null for any other URL; a broken data URL fails naming the field.</summary>
    private static (string MediaType, byte[] Data)? InlineData(string url, string path)
    {
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return DataUrl.TryParse(url, out var mediaType, out var data)
            ? (mediaType, data)
            : throw new ResponsesFieldException($"{path} must be a data URL of the form data:<media type>;base64,<valid base64>.");
    }

    private static string HttpUrl(string url, string path) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url
            : throw new ResponsesFieldException($"{path} must be an http(s) URL or a base64 data URL.");
}
