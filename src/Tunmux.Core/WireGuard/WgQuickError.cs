namespace Tunmux.Core.WireGuard;

/// <summary>
/// A problem in a wg-quick file. <see cref="Line"/> is 1-based; 0 means the file as a whole
/// (for example "no [Peer] section"). Messages name keys, never their values, so a
/// misspelt PrivateKey line cannot leak the key into a log.
/// </summary>
public sealed record WgQuickError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
