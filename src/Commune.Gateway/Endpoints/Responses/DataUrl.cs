namespace Commune.Gateway.Endpoints.Responses;

/// <summary>Parses <c>data:&lt;media type&gt;[;params];base64,&lt;data&gt;</c>, the inline form of images and files.</summary>
internal static class DataUrl
{
    public static bool TryParse(string url, string path, out string mediaType, out byte[] data)
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
            throw new ResponsesFieldException($"{path}: a data URL must have the form data:<media type>;base64,<data>.");
        }

        var header = url[5..comma].Split(';');
        if (header.Length < 2 || !header[^1].Equals("base64", StringComparison.OrdinalIgnoreCase) || header[0].Length == 0)
        {
            throw new ResponsesFieldException($"{path}: a data URL must name its media type and be base64-encoded: data:<media type>;base64,<data>.");
        }

        try
        {
            data = Convert.FromBase64String(url[(comma + 1)..]);
        }
        catch (FormatException)
        {
            throw new ResponsesFieldException($"{path}: the data URL of {header[0]} does not hold valid base64.");
        }

        mediaType = header[0];
        return true;
    }
}
