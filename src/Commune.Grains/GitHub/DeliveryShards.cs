using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Commune.Grains.GitHub;

/// <summary>Which delivery-ledger shard remembers a delivery: a stable hash of its id over a fixed 16 shards.</summary>
public static class DeliveryShards
{
    public const int Count = 16;

    public static string Of(string deliveryId) =>
        (XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(deliveryId)) % Count).ToString(CultureInfo.InvariantCulture);
}
