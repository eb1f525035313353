using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Observation;

namespace Tunmux.EndToEnd.Tests.Linux;

/// <summary>
/// Issue #4: the driver's active probe runs inside the tunnel's namespace. A sandbox namespace
/// stands in for the tunnel's: its listeners exist only there, so a probe that reaches one was
/// sent from inside it. Nothing leaves the sandbox (it has only a loopback).
/// </summary>
public sealed class NamespaceProbeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private Sandbox _sandbox = null!;
    private LinuxExitDriver _driver = null!;

    private TunnelRecord Tunnel => new("probe", _sandbox.Name, "wprobe", BackendKind.Userspace, "hash", null, DateTimeOffset.UnixEpoch);

    public async Task InitializeAsync()
    {
        _sandbox = await Sandbox.CreateAsync();
        _driver = new LinuxExitDriver(
            new LinuxDriverOptions { Naming = new HostNaming(_sandbox.NamespacePrefix, _sandbox.InterfacePrefix), RunDir = _sandbox.RunDir, SelfCommand = ["/bin/false"] },
            new ProcessCommandRunner());
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private Socket ListenInSandbox() =>
        NamespaceSocketBinder.BindTcpListeners(Path.Combine("/run/netns", _sandbox.Name), [new IPEndPoint(IPAddress.Loopback, 0)], 16).Single();

    private static int PortOf(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;

    private Task<ProbeOutcome> ProbeAsync(ProbeTarget target, TimeSpan? timeout = null) =>
        _driver.ProbeAsync(Tunnel, target, timeout ?? Timeout, CancellationToken.None);

    [RootFact]
    public async Task A_tcp_probe_reaches_a_listener_that_only_the_tunnel_namespace_has()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        ProcNetTcpParser.ListeningPorts(await File.ReadAllTextAsync("/proc/net/tcp")).Should().NotContain(port, "the probe could not have reached it from here");

        var outcome = await ProbeAsync(new ProbeTarget.Tcp(new IPEndPoint(IPAddress.Loopback, port)));

        outcome.Should().Be(ProbeOutcome.Passed("connected"));
        Link("/proc/thread-self/ns/net").Should().Be(Link("/proc/self/ns/net"), "only a short-lived thread of its own enters the namespace");
    }

    [RootFact]
    public async Task A_port_nobody_listens_on_is_refused()
    {
        using var listener = ListenInSandbox();
        var free = PortOf(listener);
        listener.Dispose();

        (await ProbeAsync(new ProbeTarget.Tcp(new IPEndPoint(IPAddress.Loopback, free)))).Should().Be(ProbeOutcome.Failed("connection refused"));
    }

    [RootFact]
    public async Task An_address_the_namespace_has_no_route_to_fails_at_once()
    {
        // The sandbox has only its loopback: nothing is sent anywhere.
        var outcome = await ProbeAsync(new ProbeTarget.Tcp(IPEndPoint.Parse("198.51.100.7:80")));

        outcome.Ok.Should().BeFalse();
        outcome.Detail.Should().Contain("unreachable");
    }

    [RootFact]
    public async Task An_http_probe_sends_a_GET_and_passes_below_500()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        var target = new ProbeTarget.Http(new IPEndPoint(IPAddress.Loopback, port), $"127.0.0.1:{port}", "/health");

        var server = AnswerOnceAsync(listener, "HTTP/1.1 204 No Content\r\n\r\n");
        var passed = await ProbeAsync(target);
        var request = await server.WaitAsync(TimeSpan.FromSeconds(10));

        passed.Should().Be(ProbeOutcome.Passed("HTTP 204"));
        request.Should().StartWith("GET /health HTTP/1.1\r\n").And.Contain($"Host: 127.0.0.1:{port}\r\n");

        var failing = AnswerOnceAsync(listener, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        (await ProbeAsync(target)).Should().Be(ProbeOutcome.Failed("HTTP 503"));
        await failing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [RootFact]
    public async Task A_server_that_never_answers_fails_the_probe_at_its_timeout()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        var target = new ProbeTarget.Http(new IPEndPoint(IPAddress.Loopback, port), $"127.0.0.1:{port}", "/");
        var accepted = listener.AcceptAsync();

        var outcome = await ProbeAsync(target, TimeSpan.FromMilliseconds(300));

        outcome.Should().Be(ProbeOutcome.Failed("no answer within 300 ms"));
        (await accepted.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [RootFact]
    public async Task A_namespace_that_is_gone_is_a_failed_probe_not_an_error()
    {
        var outcome = await _driver.ProbeAsync(
            Tunnel with { Namespace = _sandbox.NamespacePrefix + "gone" }, new ProbeTarget.Tcp(IPEndPoint.Parse("127.0.0.1:80")), Timeout, CancellationToken.None);

        outcome.Ok.Should().BeFalse();
        outcome.Detail.Should().Contain("does not exist");
    }

    private static string Link(string path) => new FileInfo(path).LinkTarget ?? "";

    /// <summary>Accepts one connection, reads the request head and answers with <paramref name="answer"/>; returns the request.</summary>
    private static async Task<string> AnswerOnceAsync(Socket listener, string answer)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await connection.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None);
        connection.Shutdown(SocketShutdown.Both);
        return received.ToString();
    }
}
