namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>Random id suffixes in the style of provider ids (<c>chatcmpl-…</c>, <c>msg_…</c>, <c>req_…</c>).</summary>
internal static class FakeIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Random(int length) => string.Create(
        length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[System.Random.Shared.Next(Alphabet.Length)];
            }
        });
}
