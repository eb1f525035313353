using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Providers.Tests.Failover;

/// <summary>
/// Issue #4 and #5: what every provider does when the daemon fails a tunnel over from its server.
/// Each provider runs these against its own test server. Every resolution uses a fresh source
/// (as a restarted daemon would), so only the provider's stored files carry the sticky choice and
/// its marks from one step to the next.
/// </summary>
public abstract class ServerFailoverContract : IAsyncLifetime
{
    /// <summary>No selector: every test server list has three or more servers for the account.</summary>
    protected static ServerSelectorSpec? Several => null;

    /// <summary>spec.provider of the provider under test.</summary>
    protected abstract string Provider { get; }

    /// <summary>Selects exactly two servers.</summary>
    protected abstract ServerSelectorSpec Two { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A new source over the provider's stored files.</summary>
    protected abstract IProviderTunnelSource NewSource();

    protected abstract void Advance(TimeSpan by);

    /// <summary>The marks stored with the tunnel's sticky choice.</summary>
    protected abstract IReadOnlyList<ServerMark>? StoredMarks(string tunnel);

    protected Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel) => NewSource().ResolveAsync(tunnel, CancellationToken.None);

    private Task MarkUnhealthyAsync(TunnelManifest tunnel, string server) => NewSource().MarkUnhealthyAsync(tunnel, server, CancellationToken.None);

    protected TunnelManifest Tunnel(string name, ServerSelectorSpec? selector) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TunnelSpec { Provider = Provider, Server = selector },
    };

    private async Task<string> ServerOf(TunnelManifest tunnel)
    {
        var resolution = await ResolveAsync(tunnel);
        resolution.Errors.Should().BeEmpty();
        resolution.Config!.Peers.Should().ContainSingle();
        return resolution.Server!;
    }

    [Fact]
    public async Task After_a_failover_the_next_matching_server_is_chosen_and_then_kept()
    {
        var tunnel = Tunnel("fo", Several);
        var first = await ServerOf(tunnel);

        await MarkUnhealthyAsync(tunnel, first);
        var second = await ServerOf(tunnel);
        Advance(TimeSpan.FromMinutes(5));
        var later = await ServerOf(tunnel);

        second.Should().NotBe(first, "the server the tunnel failed over from is avoided");
        later.Should().Be(second, "the new choice is sticky like any other");
        StoredMarks("fo")!.Should().ContainSingle().Which.Server.Should().Be(first);
        (await ServerOf(Tunnel("other", Several))).Should().Be(first, "the mark is for that tunnel only");
    }

    [Fact]
    public async Task The_sticky_choice_stays_when_another_server_is_marked()
    {
        var tunnel = Tunnel("fo", Several);
        var first = await ServerOf(tunnel);
        await MarkUnhealthyAsync(tunnel, first);
        var second = await ServerOf(tunnel);

        await MarkUnhealthyAsync(tunnel, first);

        (await ServerOf(tunnel)).Should().Be(second, "only a mark on the server in use moves the tunnel");
    }

    [Fact]
    public async Task A_mark_expires_after_30_minutes()
    {
        var tunnel = Tunnel("fo", Several);
        var first = await ServerOf(tunnel);
        await MarkUnhealthyAsync(tunnel, first);
        var second = await ServerOf(tunnel);

        Advance(TimeSpan.FromMinutes(31));
        await MarkUnhealthyAsync(tunnel, second);
        var third = await ServerOf(tunnel);

        third.Should().Be(first, "the best server is no longer avoided once its mark has expired (a third server matches too)");
        StoredMarks("fo")!.Select(m => m.Server).Should().Equal([second], "an expired mark is dropped, never kept forever");
    }

    [Fact]
    public async Task When_every_matching_server_is_marked_the_least_recently_marked_one_is_used()
    {
        var tunnel = Tunnel("fo", Two);
        var first = await ServerOf(tunnel);
        await MarkUnhealthyAsync(tunnel, first);
        var second = await ServerOf(tunnel);
        Advance(TimeSpan.FromMinutes(1));

        await MarkUnhealthyAsync(tunnel, second);
        var fallback = await ServerOf(tunnel);
        Advance(TimeSpan.FromMinutes(1));
        var kept = await ServerOf(tunnel);
        await MarkUnhealthyAsync(tunnel, fallback);
        var round = await ServerOf(tunnel);

        second.Should().NotBe(first);
        fallback.Should().Be(first, "with both marked, the one marked longer ago is tried rather than failing");
        kept.Should().Be(first, "a fallback chosen after its mark is kept like any choice");
        round.Should().Be(second, "failovers go round the matching servers");
    }
}
