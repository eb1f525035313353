using Tunmux.Api;

namespace Tunmux.Cli.Commands.Waiting;

/// <summary>The --timeout option of apply --wait.</summary>
public static class WaitOptions
{
    public const string Wait = "--wait";
    public const string Timeout = "--timeout";

    /// <summary>Null means the default; anything else must be a positive Go-style duration.</summary>
    public static bool TryParseTimeout(string? text, out TimeSpan timeout)
    {
        timeout = ReadinessWait.DefaultTimeout;
        return text is null || (GoDuration.TryParse(text, out timeout) && timeout > TimeSpan.Zero);
    }
}
