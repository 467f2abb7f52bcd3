using System.Security.Cryptography;
using System.Text;
using Commune.Providers.Clients;

namespace Commune.Providers.Requests;

/// <summary>
/// Tool-call ids as each provider kind accepts them. A conversation whose earlier turns another provider answered carries that provider's
/// ids; Anthropic takes only <c>[A-Za-z0-9_-]</c> and OpenAI at most 40 characters. The mapping is a pure function of the id, so a call
/// and the result that answers it always map to the same new id, and ids that already fit pass unchanged.
/// </summary>
public static class ToolCallIds
{
    public const int OpenAiMaxLength = 40;

    public static string For(string kind, string id)
    {
        var fits = kind == ProviderKind.Anthropic
            ? id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            : id.Length is > 0 and <= OpenAiMaxLength;
        if (fits)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..24];
        return (kind == ProviderKind.Anthropic ? "toolu_" : "call_") + hash;
    }
}
