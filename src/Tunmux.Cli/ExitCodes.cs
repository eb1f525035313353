namespace Tunmux.Cli;

/// <summary>Exit codes, stable for scripts: diff follows kubectl (0 same, 1 different, above 1 error).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Changes = 1;
    public const int InvalidInput = 2;
    public const int Failed = 3;
    public const int NeedsRoot = 4;
}
