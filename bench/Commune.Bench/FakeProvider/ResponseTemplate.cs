using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Commune.Bench.FakeProvider;

/// <summary>
/// A response body serialized once at start-up, with the request's model spliced in at every <c>$MODEL$</c>: writing it
/// copies bytes and allocates nothing.
/// </summary>
internal sealed class ResponseTemplate
{
    private const string ModelPlaceholder = "$MODEL$";
    private readonly byte[][] _segments;
    private readonly int _fixedLength;

    public ResponseTemplate(string text)
    {
        _segments = [.. text.Split(ModelPlaceholder).Select(Encoding.UTF8.GetBytes)];
        _fixedLength = _segments.Sum(s => s.Length);
    }

    /// <summary>The body's length for a model of <paramref name="modelLength"/> bytes (JSON-escaped, without quotes).</summary>
    public int Length(int modelLength) => _fixedLength + ((_segments.Length - 1) * modelLength);

    public void Write(PipeWriter writer, ReadOnlySpan<byte> model)
    {
        var span = writer.GetSpan(Length(model.Length));
        var written = 0;
        for (var i = 0; i < _segments.Length; i++)
        {
            if (i > 0)
            {
                model.CopyTo(span[written..]);
                written += model.Length;
            }

            _segments[i].CopyTo(span[written..]);
            written += _segments[i].Length;
        }

        writer.Advance(written);
    }
}
