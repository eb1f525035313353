using System.Globalization;

namespace Tunmux.Core.Model;

/// <summary>Where a probe connects: an IP address or a host name, and a port.</summary>
public sealed record ProbeHost(string Host, int Port)
{
    /// <summary>True when <see cref="Host"/> is a name that needs resolving (not an IP literal).</summary>
    public bool IsName => !IpLiteral.TryParse(Host, out _);

    /// <summary>The host as it stands before ":PORT": IPv6 in brackets.</summary>
    public string Bracketed => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    public override string ToString() => $"{Bracketed}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
