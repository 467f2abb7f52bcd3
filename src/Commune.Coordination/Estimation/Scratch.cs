namespace Commune.Coordination;

/// <summary>
/// Per-thread count tables reused across calls, so a permutation test allocates nothing per permutation.
/// A measure takes what it needs at its start and never calls another public measure while holding it.
/// </summary>
internal sealed class Scratch
{
    [ThreadStatic]
    private static Scratch? _current;

    private int[] _table = new int[1024];
    private int[] _marginals = new int[1024];
    private int[] _extra = new int[1024];

    public static Scratch Current => _current ??= new Scratch();

    /// <summary>A cleared joint table of <paramref name="size"/> cells.</summary>
    public Span<int> Table(int size)
    {
        var span = Grow(ref _table, size);
        span.Clear();
        return span;
    }

    /// <summary>Room for marginals (callers clear what they use).</summary>
    public Span<int> Marginals(int size) => Grow(ref _marginals, size);

    /// <summary>A second marginal area for measures that keep some marginals while decomposing (callers clear what they use).</summary>
    public Span<int> Extra(int size) => Grow(ref _extra, size);

    private static Span<int> Grow(ref int[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new int[Math.Max(size, buffer.Length * 2)];
        }
        return buffer.AsSpan(0, size);
    }
}
