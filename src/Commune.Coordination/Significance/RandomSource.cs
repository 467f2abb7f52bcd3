namespace Commune.Coordination;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a fast, reproducible generator (System.Random's seeded algorithm is slower and
/// version-specific). Bounded draws use Lemire's multiply-and-reject, so they are exactly uniform.
/// </summary>
internal sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;
    private ulong _spare;
    private bool _hasSpare;

    public RandomSource(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>32 uniform bits: each 64-bit output serves two draws.</summary>
    public uint Next32()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return (uint)_spare;
        }
        _spare = Next();
        _hasSpare = true;
        return (uint)(_spare >> 32);
    }

    /// <summary>Uniform in [0, bound), bound ≥ 1.</summary>
    public int Below(int bound)
    {
        var range = (uint)bound;
        var product = (ulong)Next32() * range;
        var low = (uint)product;
        if (low < range)
        {
            var threshold = (0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)Next32() * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
