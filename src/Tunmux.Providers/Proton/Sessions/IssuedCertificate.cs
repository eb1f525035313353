namespace Tunmux.Providers.Proton.Sessions;

/// <summary>A certificate Proton issued for the session's key, with its validity.</summary>
public sealed record IssuedCertificate(string Pem, DateTimeOffset Expires, DateTimeOffset Refresh, bool PortForwarding);
