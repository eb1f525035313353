namespace Tunmux.Providers.AirVpn.Web;

/// <summary>A device as airvpn.org/devices lists it (the private key stays in the bootstrap API's reply).</summary>
public sealed record AirVpnWebDevice(string Id, string Name, string PublicKey, string Ipv4, string Ipv6);

/// <summary>A REST API key from airvpn.org/apisettings; <see cref="SecretShort"/> is the site's own abbreviation.</summary>
public sealed record AirVpnApiKey(string Id, string Name, Core.Model.Secret Secret, string SecretShort, DateTimeOffset? Created);

/// <summary>A forwarded port; <see cref="Ddns"/> is the name before .airdns.org.</summary>
public sealed record AirVpnForwardedPort(int Port, int Pool, string Protocol, int LocalPort, bool Enabled, string Device, string Ddns);

/// <summary>A connection that currently uses a forwarded port.</summary>
public sealed record AirVpnPortSession(int Pool, string Protocol, string IpLayer, string ServerName, string ServerCountry, string ServerIp, string ClientIp, string DeviceName);

/// <summary>An active VPN session of the account.</summary>
public sealed record AirVpnVpnSession(string DeviceName, string Server, DateTimeOffset? ConnectedSince, long BytesRead, long BytesWritten, string ExitIpv4, string VpnIpv4);
