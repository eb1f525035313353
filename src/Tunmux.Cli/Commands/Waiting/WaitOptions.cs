using Tunmux.Api;

namespace Tunmux.Cli.Commands.Waiting;

/// <summary>The --wait and --timeout options of apply, which a client also reads before forwarding.</summary>
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

    /// <summary>
    /// Splits apply's arguments into the apply itself and its wait: the client forwards the apply
    /// and waits on its own side, so its progress lines appear as they happen.
    /// </summary>
    public static (string[] Apply, bool Wait, string? Timeout) Split(IReadOnlyList<string> args)
    {
        var apply = new List<string>();
        var wait = false;
        string? timeout = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Wait)
            {
                wait = true;
            }
            else if (args[i] == Timeout && i + 1 < args.Count)
            {
                timeout = args[++i];
            }
            else if (args[i].StartsWith(Timeout + "=", StringComparison.Ordinal))
            {
                timeout = args[i][(Timeout.Length + 1)..];
            }
            else
            {
                apply.Add(args[i]);
            }
        }

        return (apply.ToArray(), wait, timeout);
    }
}
