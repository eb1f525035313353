using System.Globalization;
using System.Net;
using Tunmux.Api;
using Tunmux.Api.Files;
using Tunmux.Linux.Proxy;
using Tunmux.Proxy;

namespace Tunmux.ProxyWorker;

/// <summary>
/// Turns the proxy flags' text into engine settings, for `proxy serve` and the worker alike.
/// Problems are collected (one line each, no markup) for the caller to print. The password is
/// read from its file here, by the process that uses it; it is never passed in argv.
/// </summary>
public static class ProxyOptionValues
{
    public static ProxyServerOptions Read(string? credentialsFile, string? connect, string? handshake, string? idle, string? maxConnections, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var options = new ProxyServerOptions();
        if (credentialsFile is not null)
        {
            options = options with { Credentials = ReadCredentials(credentialsFile, problems) };
        }

        return options with
        {
            ConnectTimeout = Duration(connect, options.ConnectTimeout, ProxyWorkerCommand.ConnectTimeoutOption, problems),
            HandshakeTimeout = Duration(handshake, options.HandshakeTimeout, ProxyWorkerCommand.HandshakeTimeoutOption, problems),
            IdleTimeout = Duration(idle, options.IdleTimeout, ProxyWorkerCommand.IdleTimeoutOption, problems),
            MaxConnections = Count(maxConnections, options.MaxConnections, problems),
        };
    }

    /// <summary>Most DNS servers a worker takes (resolv.conf itself uses three).</summary>
    public const int MaxDnsServers = 8;

    /// <summary>
    /// How the worker reaches targets: with --dns, names resolve only through those servers, from
    /// the worker's namespace (the tunnel's), and "none" means no name resolves; without it (only
    /// `proxy serve`, run by hand) the process's own resolver. Null when the value is wrong.
    /// </summary>
    public static IOutboundConnector? Connector(string? dns, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (dns is null)
        {
            return null;
        }

        var servers = new List<IPAddress>();
        if (dns != ProxyWorkerCommand.NoDns)
        {
            foreach (var text in dns.Split(','))
            {
                // Dotted quads and IPv6 only: IPAddress.TryParse also takes "1" or "0x7f.1".
                if (!IPAddress.TryParse(text, out var address) || !(text.Contains(':') || text.Count(c => c == '.') == 3))
                {
                    problems.Add($"{ProxyWorkerCommand.DnsOption} {dns}: '{text}' is not an IP address (give IP,IP or {ProxyWorkerCommand.NoDns})");
                    return null;
                }

                servers.Add(address);
            }
        }

        if (servers.Count > MaxDnsServers)
        {
            problems.Add($"{ProxyWorkerCommand.DnsOption}: at most {MaxDnsServers} servers");
            return null;
        }

        var resolver = new Tunmux.Linux.Probing.TunnelDnsResolver(servers);
        return new Tunmux.Proxy.Outbound.ResolverOutboundConnector(resolver.ResolveAsync);
    }

    /// <summary>An "IP:PORT" listen address (a port is required), or null when <paramref name="text"/> is null or wrong.</summary>
    public static IPEndPoint? Endpoint(string option, string? text, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        if (ListenAddress.TryParse(text, out var address, out var port, out var error) && port != 0)
        {
            return new IPEndPoint(address, port);
        }

        problems.Add($"{option} {text}: {(port == 0 && error.Length == 0 ? "a port is required" : error)}");
        return null;
    }

    private static ProxyCredentials? ReadCredentials(string file, List<string> problems)
    {
        try
        {
            if (Core.Model.CredentialsLine.TryParse(ReferencedFile.ReadAllText(file), out var user, out var password, out var problem))
            {
                return new ProxyCredentials(user, password.Reveal());
            }

            problems.Add($"{file} {problem}");
        }
        catch (ReferencedFileException ex)
        {
            problems.Add($"cannot read {file}: {ex.Message}");
        }

        return null;
    }

    private static TimeSpan Duration(string? text, TimeSpan fallback, string option, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{option} {text}: not a duration such as 500ms, 10s or 5m");
        return fallback;
    }

    /// <summary>A positive limit; zero or less keeps the default, as the flag always did.</summary>
    private static int Count(string? text, int fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value > 0 ? value : fallback;
        }

        problems.Add($"{ProxyWorkerCommand.MaxConnectionsOption} {text}: not a whole number");
        return fallback;
    }
}
