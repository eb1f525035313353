using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Servers;
using Tunmux.Providers.Tests.Proton.Sessions;

namespace Tunmux.Providers.Tests.Proton.Servers;

/// <summary>Issue #5: the server list is cached for an hour, refreshed on demand, and stands in when the API fails.</summary>
public sealed class ProtonServerListTests
{
    [Fact]
    public async Task A_fresh_cache_is_used_and_refresh_fetches_again()
    {
        await using var bed = ProtonTestbed.Start();
        using var client = bed.Client();
        var list = new ProtonServerList(bed.Store, bed.Clock);

        var first = await list.GetAsync(client, refresh: false, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromMinutes(30));
        var cached = await list.GetAsync(client, refresh: false, CancellationToken.None);
        var refreshed = await list.GetAsync(client, refresh: true, CancellationToken.None);

        first.FromCache.Should().BeFalse();
        cached.FromCache.Should().BeTrue();
        cached.Servers.Should().HaveCount(first.Servers.Count);
        refreshed.FromCache.Should().BeFalse();
        bed.Server.Calls("GET vpn/v1/logicals").Should().Be(2);
    }

    [Fact]
    public async Task A_stale_cache_is_fetched_again_after_the_ttl()
    {
        await using var bed = ProtonTestbed.Start();
        using var client = bed.Client();
        var list = new ProtonServerList(bed.Store, bed.Clock);

        await list.GetAsync(client, refresh: false, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromMinutes(61));
        var second = await list.GetAsync(client, refresh: false, CancellationToken.None);

        second.FromCache.Should().BeFalse();
        bed.Server.Calls("GET vpn/v1/logicals").Should().Be(2);
    }

    [Fact]
    public async Task When_the_api_fails_the_cache_stands_in_with_a_warning()
    {
        await using var bed = ProtonTestbed.Start();
        using var client = bed.Client();
        var list = new ProtonServerList(bed.Store, bed.Clock);
        await list.GetAsync(client, refresh: false, CancellationToken.None);
        bed.Server.Fail("vpn/v1/logicals", Tunmux.Testing.TestServers.Proton.ProtonFault.InternalError);
        bed.Clock.Advance(TimeSpan.FromHours(3));

        var result = await list.GetAsync(client, refresh: true, CancellationToken.None);

        result.FromCache.Should().BeTrue();
        result.Warning.Should().Be("the Proton API failed (HTTP 500); try again later; using the server list cached 3 hours ago");
    }

    [Fact]
    public async Task Without_a_cache_an_unreachable_api_is_an_error()
    {
        await using var bed = ProtonTestbed.Start();
        using var client = new ProtonClient(new ProtonClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{ProtonLoginTests.ClosedPort()}/") });

        var failure = await FluentActions.Awaiting(() => new ProtonServerList(bed.Store, bed.Clock).GetAsync(client, false, CancellationToken.None))
            .Should().ThrowAsync<ProtonException>();

        failure.Which.Problem.Should().Be(ProtonProblem.Unreachable);
    }
}
