using Tunmux.Core.Model;
using System.Net.Sockets;
using Tunmux.Linux.Build;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Driver;

/// <summary>
/// wireguard-go's socket file appears at bind(), before listen(). A `wg` run in that moment is
/// refused, deletes the file as stale and falls back to kernel WireGuard; wireguard-go then
/// exits. Seen at 50 exits under load (bench/daemon.sh): "Unable to modify interface: Protocol
/// not supported" from wg, "Failed to listen on uapi socket: no such file or directory" from
/// wireguard-go.
/// </summary>
public sealed class WireGuardGoReadinessTests : IDisposable
{
    private readonly DriverFixture _fixture = new();
    private Socket? _notListening;

    public void Dispose()
    {
        _notListening?.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task A_socket_file_that_refuses_connections_is_not_ready_so_wg_never_runs_against_it()
    {
        _fixture.Launcher.OnStart = started => _notListening = FakeUapiSocket.BindOnly(_fixture.Host.Paths.WireGuardSocket("wg-alpha"));

        var act = () => _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<TunnelBuildException>()).Which;
        failure.Step.Should().Be("creating the wireguard-go interface wg-alpha");
        failure.Message.Should().Contain("did not accept connections on");
        _fixture.Runner.Lines.Should().NotContain(line => line.StartsWith("wg ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listening_socket_is_ready_and_the_keys_are_set_through_it()
    {
        await _fixture.Driver.CreateTunnelAsync(Samples.Tunnel(backend: BackendKind.Userspace), CancellationToken.None);

        _fixture.Runner.Lines.Should().Contain("wg setconf wg-alpha /dev/stdin");
    }
}
