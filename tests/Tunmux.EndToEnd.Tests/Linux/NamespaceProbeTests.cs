using Tunmux.EndToEnd.Tests.Apply;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Api;
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
// Classes that enter namespaces on threads of this process, or check every thread's namespace,
// run one at a time: one class's short-lived setns thread must never be counted by another's check.
[Collection(EndToEndCollection.Name)]
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

    private Task<ProbeOutcome> ProbeAsync(ProbeTarget target, TimeSpan? timeout = null, params IPAddress[] nameservers) =>
        _driver.ProbeAsync(Tunnel, new ProbeSettings(target, TimeSpan.FromSeconds(30), timeout ?? Timeout, 1) { Nameservers = nameservers }, CancellationToken.None);

    private static ProbeHost Loopback(int port) => new("127.0.0.1", port);

    [RootFact]
    public async Task A_tcp_probe_reaches_a_listener_that_only_the_tunnel_namespace_has()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        ProcNetTcpParser.ListeningPorts(await File.ReadAllTextAsync("/proc/net/tcp")).Should().NotContain(port, "the probe could not have reached it from here");

        var outcome = await ProbeAsync(new ProbeTarget.Tcp(Loopback(port)));

        outcome.Should().Be(ProbeOutcome.Passed("connected"));
        Link("/proc/thread-self/ns/net").Should().Be(Link("/proc/self/ns/net"), "only a short-lived thread of its own enters the namespace");
    }

    [RootFact]
    public async Task A_port_nobody_listens_on_is_refused()
    {
        using var listener = ListenInSandbox();
        var free = PortOf(listener);
        listener.Dispose();

        (await ProbeAsync(new ProbeTarget.Tcp(Loopback(free)))).Should().Be(ProbeOutcome.Failed("connection refused"));
    }

    [RootFact]
    public async Task An_address_the_namespace_has_no_route_to_fails_at_once()
    {
        // The sandbox has only its loopback: nothing is sent anywhere.
        var outcome = await ProbeAsync(new ProbeTarget.Tcp(new ProbeHost("198.51.100.7", 80)));

        outcome.Ok.Should().BeFalse();
        outcome.Detail.Should().Contain("unreachable");
    }

    [RootFact]
    public async Task An_http_probe_sends_a_GET_and_passes_below_500()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        var target = new ProbeTarget.Http(Loopback(port), $"127.0.0.1:{port}", "/health");

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
        var target = new ProbeTarget.Http(Loopback(port), $"127.0.0.1:{port}", "/");
        var accepted = listener.AcceptAsync();

        var outcome = await ProbeAsync(target, TimeSpan.FromMilliseconds(300));

        outcome.Should().Be(ProbeOutcome.Failed("no answer within 300 ms"));
        (await accepted.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [RootFact]
    public async Task A_namespace_that_is_gone_is_a_failed_probe_not_an_error()
    {
        var outcome = await _driver.ProbeAsync(
            Tunnel with { Namespace = _sandbox.NamespacePrefix + "gone" },
            new ProbeSettings(new ProbeTarget.Tcp(Loopback(80)), TimeSpan.FromSeconds(30), Timeout, 1),
            CancellationToken.None);

        outcome.Ok.Should().BeFalse();
        outcome.Detail.Should().Contain("does not exist");
    }

    [RootFact]
    public async Task A_host_name_is_resolved_through_the_tunnel_s_DNS_server_inside_its_namespace()
    {
        using var listener = ListenInSandbox();
        var port = PortOf(listener);
        using var dns = NamespaceSocketBinder.BindUdp(Path.Combine("/run/netns", _sandbox.Name), [new IPEndPoint(IPAddress.Loopback, 53)]).Single();
        var answered = AnswerOneQueryAsync(dns, IPAddress.Loopback);

        var outcome = await ProbeAsync(new ProbeTarget.Tcp(new ProbeHost("exit.example", port)), nameservers: IPAddress.Loopback);

        outcome.Should().Be(ProbeOutcome.Passed("connected"));
        (await answered.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("exit.example", "the sandbox's own DNS server was asked");
    }

    [RootFact]
    public async Task A_name_the_tunnel_s_DNS_cannot_answer_fails_with_the_server_in_the_message()
    {
        // Nothing listens on port 53 in the sandbox: the connected UDP socket hears the refusal.
        var outcome = await ProbeAsync(new ProbeTarget.Tcp(new ProbeHost("exit.example", 80)), nameservers: IPAddress.Loopback);

        outcome.Ok.Should().BeFalse();
        outcome.Detail.Should().StartWith("DNS 127.0.0.1: ").And.Contain("refused");
    }

    /// <summary>Answers one A query with <paramref name="address"/>, by hand (no DNS server in the sandbox); returns the name asked.</summary>
    private static async Task<string> AnswerOneQueryAsync(Socket dns, IPAddress address)
    {
        var buffer = new byte[512];
        var query = await dns.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
        var length = query.ReceivedBytes;
        var name = new List<string>();
        for (var offset = 12; buffer[offset] != 0; offset += buffer[offset] + 1)
        {
            name.Add(Encoding.ASCII.GetString(buffer, offset + 1, buffer[offset]));
        }

        var answer = buffer[..length].Concat(new byte[] { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4 }).Concat(address.GetAddressBytes()).ToArray();
        answer[2] = 0x81; // a response, recursion desired
        answer[3] = 0x80; // recursion available, no error
        answer[7] = 1;    // one answer
        await dns.SendToAsync(answer, SocketFlags.None, query.RemoteEndPoint);
        return string.Join('.', name);
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
