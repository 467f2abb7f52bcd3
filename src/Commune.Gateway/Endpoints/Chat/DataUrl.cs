namespace Commune.Gateway.Endpoints.Chat;

/// <summary>RFC 2397 <c>data:</c> URLs with base64 payloads, as the OpenAI APIs carry inline images and files.</summary>
public static class DataUrl
{
    /// <summary>Reads <c>data:&lt;media type&gt;;base64,&lt;payload&gt;</c>; false for anything else, including broken base64.</summary>
    public static bool TryParse(string url, out string mediaType, out byte[] data)
    {
        mediaType = string.Empty;
        data = [];
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }

        var header = url[5..comma];
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        mediaType = header[..^";base64".Length];
        try
        {
            data = Convert.FromBase64String(url[(comma + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return mediaType.Contains('/', StringComparison.Ordinal);
    }
}
