using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Status;

/// <summary>
/// Issue #5: the provider's chosen server is shown in status. Views resolve no providers (that
/// could renew certificates), so the server comes from the record written when the tunnel was built.
/// </summary>
public sealed class ProviderServerStatusTests : IDisposable
{
    private const string Endpoint = "198.18.1.2:51820";

    private readonly TempWorkspace _workspace = new();
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeExitDriver _host = new();
    private readonly FixedServerSource _provider = new("CH#12");

    public ProviderServerStatusTests() => _host.Clock = _clock;

    public void Dispose() => _workspace.Dispose();

    private static string ProviderTunnel => """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {name: proton-ch}
        spec:
          provider: proton
          server: {country: CH}
        """;

    private async Task ApplyAsync()
    {
        var controller = new ExitOperations(_workspace.Paths, _host, providers: [_provider], time: _clock);
        var result = await controller.ApplyAsync(_workspace.Manifests(ProviderTunnel), new ApplyOptions(), null, CancellationToken.None);
        result.Succeeded.Should().BeTrue(string.Join("; ", result.Errors));
    }

    private async Task<TunnelStatus> StatusAsync(Func<LiveStatus?>? live = null)
    {
        // As `tunmux status` builds it: with no provider sources at all.
        var view = await new ExitOperations(_workspace.Paths, _host, liveStatus: live, time: _clock).ViewAsync(CancellationToken.None);
        return StatusReport.Tunnels(view).Single();
    }

    [Fact]
    public async Task The_record_keeps_the_server_the_tunnel_was_built_against()
    {
        await ApplyAsync();

        new RecordStore(_workspace.Paths).LoadTunnels().Records.Single().Server.Should().Be("CH#12");
    }

    [Fact]
    public async Task Status_without_the_daemon_shows_the_chosen_server_not_the_endpoint()
    {
        await ApplyAsync();

        var tunnel = await StatusAsync();

        tunnel.Server.Should().Be("CH#12");
        tunnel.PeerEndpoint.Should().Be(Endpoint, "the endpoint is still reported in its own column");
        _provider.Resolutions.Should().Be(1, "looking resolves no provider");
    }

    [Fact]
    public async Task Status_through_the_daemon_shows_the_chosen_server_next_to_the_live_conditions()
    {
        await ApplyAsync();
        var live = new LiveStatus(
            new Dictionary<string, LiveObjectStatus>(StringComparer.Ordinal)
            {
                ["proton-ch"] = new(3, "Connected", ConditionSet.Empty, []),
            },
            new Dictionary<string, LiveObjectStatus>(StringComparer.Ordinal));

        var tunnel = await StatusAsync(() => live);

        tunnel.Server.Should().Be("CH#12");
        tunnel.Phase.Should().Be("Connected", "the row is the daemon's");
    }

    [Fact]
    public async Task A_record_written_before_the_server_was_kept_still_loads_and_shows_the_endpoint()
    {
        await ApplyAsync();
        var file = Path.Combine(_workspace.Paths.TunnelRecordsDir, "proton-ch.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        json.Remove("server").Should().BeTrue("the record stores the server under this name");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var (records, problems) = new RecordStore(_workspace.Paths).LoadTunnels();

        problems.Should().BeEmpty();
        records.Single().Server.Should().BeNull();
        (await StatusAsync()).Server.Should().Be(Endpoint);
    }

    [Fact]
    public async Task The_server_name_is_not_part_of_the_spec_hash()
    {
        await ApplyAsync();
        _provider.Server = "CH#13";

        var controller = new ExitOperations(_workspace.Paths, _host, providers: [_provider], time: _clock);
        var again = await controller.ApplyAsync(_workspace.Manifests(ProviderTunnel), new ApplyOptions(), null, CancellationToken.None);

        again.Plan!.HasChanges.Should().BeFalse("the same config under another name needs no rebuild");
    }

    /// <summary>A provider that always hands out the same peer, under a name the test sets.</summary>
    private sealed class FixedServerSource(string server) : IProviderTunnelSource
    {
        public string Server { get; set; } = server;

        public int Resolutions { get; private set; }

        public IReadOnlyCollection<string> Providers { get; } = ["proton"];

        public Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("status never fails a server over");

        public Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
        {
            Resolutions++;
            var config = new WireGuardConfig(
                new Secret("YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="),
                ["10.2.0.2/32"],
                ["10.2.0.1"],
                null,
                [new WireGuardPeer(TempWorkspace.PeerKey, Endpoint, ["0.0.0.0/0"], null, 25)]);
            return Task.FromResult(new ProviderResolution(config, Server, []));
        }
    }
}
