using Tunmux.Linux.Recovery;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>Host names the test defines, resolved without DNS; each lookup is counted.</summary>
internal sealed class FakeResolver : IEndpointResolver
{
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    public List<string> Lookups { get; } = [];

    public Task<string> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        Lookups.Add(endpoint);
        return Task.FromResult(Names.TryGetValue(endpoint, out var resolved) ? resolved : endpoint);
    }
}
