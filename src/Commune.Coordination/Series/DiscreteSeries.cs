namespace Commune.Coordination;

/// <summary>Encodes label series as dense integer codes, the input of every measure.</summary>
public static class DiscreteSeries
{
    /// <summary>
    /// Maps each distinct label to a code 0, 1, 2, … in order of first appearance (deterministic for a given series).
    /// Works for any label type (strings, integers); equality is <paramref name="comparer"/> or the default.
    /// </summary>
    public static DiscreteSeries<T> From<T>(IReadOnlyList<T> labels, IEqualityComparer<T>? comparer = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        var codes = new int[labels.Count];
        var index = new Dictionary<T, int>(comparer);
        var alphabet = new List<T>();
        for (var i = 0; i < codes.Length; i++)
        {
            var label = labels[i];
            if (!index.TryGetValue(label, out var code))
            {
                code = alphabet.Count;
                index.Add(label, code);
                alphabet.Add(label);
            }
            codes[i] = code;
        }
        return new DiscreteSeries<T>(codes, alphabet);
    }

    /// <summary>
    /// The joint series (a, b) as one code a · kb + b, kb = largest code of <paramref name="b"/> + 1.
    /// Used for joint states (two agents at once, or an agent's next state paired with another's).
    /// </summary>
    public static int[] Combine(int[] a, int[] b)
    {
        SeriesGuard.Alphabet(a, nameof(a));
        var kb = SeriesGuard.Alphabet(b, nameof(b));
        SeriesGuard.SameLength(a, nameof(a), b, nameof(b));
        SeriesGuard.Cells(a.Max() + 1L, kb);
        var joint = new int[a.Length];
        for (var i = 0; i < joint.Length; i++)
        {
            joint[i] = (a[i] * kb) + b[i];
        }
        return joint;
    }
}

/// <summary>A label series as dense codes: <c>Labels[Codes[t]]</c> is the label at time t.</summary>
public sealed class DiscreteSeries<T>
    where T : notnull
{
    internal DiscreteSeries(int[] codes, IReadOnlyList<T> labels)
    {
        Codes = codes;
        Labels = labels;
    }

    /// <summary>The code of each sample, 0 ≤ code &lt; <see cref="AlphabetSize"/>.</summary>
    public int[] Codes { get; }

    /// <summary>The label of each code, in order of first appearance.</summary>
    public IReadOnlyList<T> Labels { get; }

    public int AlphabetSize => Labels.Count;
}
