using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// A provider with a fixed server list (best first) that chooses as the real ones do
/// (<see cref="ServerAvoidance"/>: sticky choice, marked servers passed over), keeping its choice
/// and marks in memory, which outlive a controller like the real providers' files do. Every
/// server answers at its own endpoint, so a test can take one down in the fake host.
/// </summary>
internal sealed class FakeProviderSource(TimeProvider clock, params (string Name, string Endpoint)[] servers) : IProviderTunnelSource
{
    private const string PrivateKey = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string ServerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    private readonly Dictionary<string, (string Server, DateTimeOffset ChosenAt)> _choices = new(StringComparer.Ordinal);
    private readonly List<string> _resolved = [];
    private readonly List<string> _marked = [];
    private IReadOnlyList<ServerMark> _marks = [];

    public IReadOnlyCollection<string> Providers { get; } = ["mullvad"];

    /// <summary>The server of every resolution, in order (a copy: the controller resolves on its own thread).</summary>
    public IReadOnlyList<string> Resolved => Snapshot(_resolved);

    /// <summary>Every server marked unhealthy, in order.</summary>
    public IReadOnlyList<string> Marked => Snapshot(_marked);

    public string EndpointOf(string server) => servers.Single(s => s.Name == server).Endpoint;

    /// <summary>While set, every resolution fails as a provider API that cannot be reached does.</summary>
    public volatile bool Unreachable;

    /// <summary>Resolutions that failed because <see cref="Unreachable"/> was set.</summary>
    public int FailedResolutions => Volatile.Read(ref _failedResolutions);

    private int _failedResolutions;

    public Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            Interlocked.Increment(ref _failedResolutions);
            return Task.FromResult(ProviderResolution.Unavailable("the API at https://api.example is unreachable: connection refused"));
        }

        lock (_choices)
        {
            var now = clock.GetUtcNow();
            var avoidance = ServerAvoidance.Default;
            if (!_choices.TryGetValue(tunnel.Name, out var choice) || !avoidance.Keeps(choice.Server, choice.ChosenAt, _marks, now))
            {
                choice = _choices[tunnel.Name] = (avoidance.Choose(servers, s => s.Name, _marks, now).Name, now);
            }

            _resolved.Add(choice.Server);
            var peer = new WireGuardPeer(ServerKey, EndpointOf(choice.Server), ["0.0.0.0/0"], null, null);
            var config = new WireGuardConfig(new Secret(PrivateKey), ["10.64.0.2/32"], ["10.64.0.1"], null, [peer]);
            return Task.FromResult(new ProviderResolution(config, choice.Server, []));
        }
    }

    public Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken)
    {
        lock (_choices)
        {
            _marked.Add(server);
            _marks = ServerAvoidance.Default.Mark(_marks, server, clock.GetUtcNow());
            return Task.CompletedTask;
        }
    }

    private List<string> Snapshot(List<string> list)
    {
        lock (_choices)
        {
            return [.. list];
        }
    }
}
