namespace Tunmux.Providers.Proton.Storage;

/// <summary>Which stored login tunnels without spec.account use: the last one that logged in.</summary>
public sealed record DefaultAccount(string Username);
