namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>One answer in the making: the request, the reply that shapes it, and the ids every chunk of it repeats.</summary>
internal sealed record FakeAnswer(FakeCall Call, FakeReply Reply, string Id, long Created)
{
    public string Model => Call.Model;
}
