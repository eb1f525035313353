using Tunmux.EndToEnd.Tests.Apply;
using System.Net;
using System.Net.Sockets;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Recovery;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>The reconnect's nudge leaves from inside the tunnel's namespace and leaves no thread behind there.</summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class UdpHandshakeNudgeTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    private string SandboxPath => Path.Combine("/run/netns", _sandbox.Name);

    public async Task InitializeAsync() => _sandbox = await Sandbox.CreateAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task The_datagram_is_sent_inside_the_namespace_and_reaches_a_socket_there()
    {
        using var receiver = NamespaceSocketBinder.BindUdp(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)]).Single();
        var target = (IPEndPoint)receiver.LocalEndPoint!;
        var buffer = new byte[16];
        var receive = receiver.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));

        UdpHandshakeNudge.Instance.Nudge(SandboxPath, target);

        var received = await receive.WaitAsync(TimeSpan.FromSeconds(10));
        received.ReceivedBytes.Should().Be(1);
        buffer[0].Should().Be(0);
        // 127.0.0.1 in the root namespace has no socket on this port: only a sender inside the sandbox reaches it.
        ((IPEndPoint)received.RemoteEndPoint).Address.Should().Be(IPAddress.Loopback);
    }

    [RootFact]
    public void A_namespace_that_does_not_exist_is_reported()
    {
        var act = () => UdpHandshakeNudge.Instance.Nudge("/run/netns/" + _sandbox.Name + "-absent", new IPEndPoint(IPAddress.Loopback, 9));

        act.Should().Throw<NetworkNamespaceException>().WithMessage("*does not exist*");
    }

    [RootFact]
    public void An_unroutable_target_is_reported_with_the_reason()
    {
        // The sandbox has no route but loopback: an address elsewhere is unreachable from inside it.
        var act = () => UdpHandshakeNudge.Instance.Nudge(SandboxPath, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 53));

        act.Should().Throw<NetworkNamespaceException>().WithMessage("*198.51.100.7:53*unreachable*");
    }
}
