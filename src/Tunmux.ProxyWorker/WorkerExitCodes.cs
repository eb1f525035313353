namespace Tunmux.ProxyWorker;

/// <summary>The worker's exit codes: the same numbers as the CLI's (Tunmux.Cli.ExitCodes), which the launcher reports.</summary>
internal static class WorkerExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 2;
    public const int Failed = 3;
}
