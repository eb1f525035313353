using Tunmux.EndToEnd.Tests.Apply;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Observation;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>Sockets created from this (root namespace) process inside a sandbox namespace belong to the sandbox.</summary>
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
public sealed class NamespaceSocketBinderTests : IAsyncLifetime
{
    private Sandbox _sandbox = null!;

    private string SandboxPath => Path.Combine("/run/netns", _sandbox.Name);

    public async Task InitializeAsync() => _sandbox = await Sandbox.CreateAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [RootFact]
    public async Task A_listener_bound_in_the_sandbox_takes_connections_from_inside_it_and_is_absent_from_the_root_namespace()
    {
        using var listener = NamespaceSocketBinder.BindTcpListeners(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)], 16).Single();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var server = ServeOnceAsync(listener, request => request.Trim() == "ping" ? "pong\n" : "unexpected\n");
        var client = await _sandbox.ExecAsync(["socat", "-T", "5", "-", $"TCP:127.0.0.1:{port}"], stdin: "ping\n", timeout: TimeSpan.FromSeconds(20));
        await server.WaitAsync(TimeSpan.FromSeconds(20));

        client.EnsureSuccess("socat inside the sandbox").Stdout.Should().Be("pong\n");
        var sandboxTable = (await _sandbox.ExecAsync(["cat", "/proc/net/tcp"])).EnsureSuccess("cat /proc/net/tcp").Stdout;
        ProcNetTcpParser.ListeningPorts(sandboxTable).Should().Contain(port);
        ProcNetTcpParser.ListeningPorts(await File.ReadAllTextAsync("/proc/net/tcp")).Should().NotContain(port);
    }

    [RootFact]
    public async Task A_UDP_socket_bound_in_the_sandbox_receives_datagrams_sent_inside_it()
    {
        using var socket = NamespaceSocketBinder.BindUdp(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)]).Single();
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var buffer = new byte[64];
        var receive = socket.ReceiveAsync(buffer, SocketFlags.None);

        (await _sandbox.ExecAsync(["socat", "-u", "-", $"UDP-SENDTO:127.0.0.1:{port}"], stdin: "hello")).EnsureSuccess("socat udp");

        var received = await receive.WaitAsync(TimeSpan.FromSeconds(10));
        Encoding.ASCII.GetString(buffer, 0, received).Should().Be("hello");
    }

    [RootFact]
    public async Task The_calling_thread_stays_in_its_own_namespace()
    {
        var before = Namespace("/proc/thread-self/ns/net");

        NamespaceSocketBinder.BindTcpListeners(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)], 4).Single().Dispose();

        Namespace("/proc/thread-self/ns/net").Should().Be(before);
        var sandbox = (await _sandbox.ExecAsync(["readlink", "/proc/self/ns/net"])).EnsureSuccess("readlink").Stdout.Trim();
        before.Should().StartWith("net:[").And.NotBe(sandbox);
    }

    [RootFact]
    public void A_port_in_use_is_reported_in_plain_words_and_nothing_stays_bound()
    {
        using var first = NamespaceSocketBinder.BindTcpListeners(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)], 4).Single();
        var port = ((IPEndPoint)first.LocalEndPoint!).Port;

        var act = () => NamespaceSocketBinder.Bind(SandboxPath,
        [
            SocketBinding.Tcp(new IPEndPoint(IPAddress.IPv6Loopback, 0)),
            SocketBinding.Tcp(new IPEndPoint(IPAddress.Loopback, port)),
        ]);

        act.Should().Throw<ListenerBindException>().WithMessage($"127.0.0.1:{port} is already in use")
            .Which.Error.Should().Be(SocketError.AddressAlreadyInUse);
    }

    [RootFact]
    public void Binding_each_on_its_own_reports_each_result()
    {
        using var first = NamespaceSocketBinder.BindTcpListeners(SandboxPath, [new IPEndPoint(IPAddress.Loopback, 0)], 4).Single();
        var port = ((IPEndPoint)first.LocalEndPoint!).Port;

        var outcomes = NamespaceSocketBinder.TryBindEach(SandboxPath,
        [
            SocketBinding.Tcp(new IPEndPoint(IPAddress.Loopback, port)),
            SocketBinding.Tcp(new IPEndPoint(IPAddress.IPv6Loopback, port)),
        ]);

        outcomes[0].Succeeded.Should().BeFalse();
        outcomes[0].Error!.Message.Should().Be($"127.0.0.1:{port} is already in use");
        outcomes[1].Succeeded.Should().BeTrue("[::1] is a different address and the socket is IPv6-only");
        outcomes[1].Socket!.Dispose();
    }

    [RootFact]
    public void A_missing_namespace_is_named_in_the_error()
    {
        var act = () => NamespaceSocketBinder.BindTcpListeners($"/run/netns/{_sandbox.NamespacePrefix}absent", [new IPEndPoint(IPAddress.Loopback, 0)], 4);

        act.Should().Throw<NetworkNamespaceException>().WithMessage("*absent does not exist");
    }

    /// <summary>The namespace a /proc ns link points at, e.g. "net:[4026531840]".</summary>
    private static string Namespace(string procLink) => new FileInfo(procLink).LinkTarget!;

    private static async Task ServeOnceAsync(Socket listener, Func<string, string> answer)
    {
        using var connection = await listener.AcceptAsync();
        await using var stream = new NetworkStream(connection);
        using var reader = new StreamReader(stream);
        var request = await reader.ReadLineAsync() ?? "";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer(request)));
    }
}
