using Tunmux.Core.Model;
using Tunmux.Linux.Build;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

public sealed class CreateRollbackTests : IDisposable
{
    private readonly DriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_failed_wg_setconf_stops_wireguard_go_and_deletes_the_namespace()
    {
        _fixture.Runner.Fail("wg setconf wg-alpha /dev/stdin", "Unable to modify interface: Invalid argument");

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<TunnelBuildException>()).Which;
        failure.Step.Should().Be("configuring WireGuard keys and peers (wg setconf)");
        failure.Message.Should().StartWith("tunnel 'alpha': configuring WireGuard keys and peers (wg setconf) failed:")
            .And.Contain("Invalid argument");
        _fixture.Launcher.Stopped.Should().Equal(_fixture.Launcher.Started.Single().Process);
        _fixture.Runner.Lines.SkipWhile(line => !line.StartsWith("wg setconf", StringComparison.Ordinal)).Skip(1).Should().Equal(
            "ip netns pids tunmux_alpha",
            "ip netns del tunmux_alpha");
        _fixture.Host.Paths.NamespaceExists("tunmux_alpha").Should().BeFalse();
        File.Exists(_fixture.Host.Paths.WireGuardSocket("wg-alpha")).Should().BeFalse();
    }

    [Fact]
    public async Task A_key_that_wg_quotes_back_in_its_error_is_scrubbed_from_the_exception()
    {
        // wg(8) answers a malformed key with: Key is not the correct length or format: `KEY'
        _fixture.Runner.Fail("wg setconf wg-alpha /dev/stdin", $"Key is not the correct length or format: `{Samples.PrivateKey}'\nConfiguration parsing error");

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<TunnelBuildException>()).Which;
        failure.ToString().Should().NotContain(Samples.PrivateKey);
        failure.Message.Should().Contain("Key is not the correct length or format").And.Contain("<redacted>");
        failure.InnerException.Should().BeNull("the original error quotes the key");
        _fixture.Logger.Lines.Should().NotContain(line => line.Contains(Samples.PrivateKey));
    }

    [Fact]
    public async Task A_failure_without_secrets_keeps_the_original_error_as_the_inner_exception()
    {
        _fixture.Runner.Fail("ip -n tunmux_alpha route add default dev wg-alpha", "RTNETLINK answers: Network is down");

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<TunnelBuildException>()).Which;
        failure.Step.Should().Be("adding the default route");
        failure.InnerException.Should().BeOfType<Tunmux.Linux.Commands.HostCommandException>();
    }

    [Fact]
    public async Task wireguard_go_that_dies_before_creating_its_socket_is_reported_with_its_log()
    {
        _fixture.Launcher.OnStart = started =>
        {
            File.AppendAllText(started.LogFile, "ERROR: Failed to create TUN device: operation not permitted\n");
            _fixture.Launcher.Alive.Remove(started.Process);
        };

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<TunnelBuildException>()).Which;
        failure.Step.Should().Be("creating the wireguard-go interface wg-alpha");
        failure.Message.Should().Contain("Failed to create TUN device: operation not permitted");
        _fixture.Runner.Lines.Should().NotContain(line => line.StartsWith("wg ", StringComparison.Ordinal));
        _fixture.Runner.Lines.Should().EndWith("ip netns del tunmux_alpha");
    }

    [Fact]
    public async Task An_invalid_DNS_server_is_refused_before_anything_is_built()
    {
        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(dns: ["10.2.0.1\noptions ndots:15"]), CancellationToken.None);

        (await act.Should().ThrowAsync<TunnelBuildException>()).Which.Step.Should().Be("checking the configuration");
        _fixture.Runner.Commands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_stale_socket_left_by_a_killed_wireguard_go_is_replaced()
    {
        var socket = _fixture.Host.Paths.WireGuardSocket("wg-alpha");
        File.WriteAllText(socket, "left by a killed wireguard-go");
        var sawStaleSocketAtStart = true;
        var original = _fixture.Launcher.OnStart!;
        _fixture.Launcher.OnStart = started =>
        {
            sawStaleSocketAtStart = File.Exists(socket);
            original(started);
        };

        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        sawStaleSocketAtStart.Should().BeFalse();
    }

    [Fact]
    public async Task Cancelling_while_wireguard_go_starts_stops_it_and_removes_the_namespace()
    {
        using var cancel = new CancellationTokenSource();
        _fixture.Launcher.OnStart = _ => cancel.Cancel(); // cancelled before the socket appears

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _fixture.Launcher.Stopped.Should().Equal(_fixture.Launcher.Started.Single().Process);
        _fixture.Host.Paths.NamespaceExists("tunmux_alpha").Should().BeFalse();
    }
}
