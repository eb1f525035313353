namespace Tunmux.Cli;

/// <summary>Exit codes, stable for scripts: diff follows kubectl (0 same, 1 different, above 1 error).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Changes = 1;
    public const int InvalidInput = 2;
    public const int Failed = 3;
    public const int NeedsRoot = 4;

    /// <summary>
    /// An error tunmux did not expect (a bug): its own code, so that no script reads a crash as
    /// "no changes" (0), "changes pending" (1) or "invalid input" (2). 70 is sysexits' EX_SOFTWARE.
    /// </summary>
    public const int Crashed = 70;
}
