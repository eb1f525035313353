namespace Tunmux.Daemon.Control.Protocol;

/// <summary>
/// Bounds on what one request may carry, beyond the line limit
/// (<see cref="ControlProtocol.MaxLineBytes"/>): counts and sizes a legitimate client never nears.
/// </summary>
public static class RequestLimits
{
    public const int MaxManifests = 256;

    /// <summary>One manifest file's text, in characters.</summary>
    public const int MaxManifestChars = 4 * 1024 * 1024;

    public const int MaxFiles = 1024;

    /// <summary>One referenced file (a key, a wg-quick config, a credentials line), in characters.</summary>
    public const int MaxFileChars = 1024 * 1024;

    /// <summary>PATH_MAX on Linux.</summary>
    public const int MaxPathChars = 4096;

    public const int MaxNames = 1024;

    public const int MaxNameChars = 253;

    public const int MaxProblemChars = 512;

    /// <summary>How long one wait request may hold the connection; a client waiting longer asks again.</summary>
    public const int MaxWaitMilliseconds = 30_000;
}
