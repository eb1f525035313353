namespace Tunmux.Linux.Commands;

/// <summary>
/// One program run on the host: argv (never a shell string), optional standard input, and
/// whether that input is secret. Secret input is how keys reach <c>wg</c> without ever
/// appearing in argv, /proc or a log.
/// </summary>
public sealed record HostCommand(IReadOnlyList<string> Argv, string? StandardInput = null, bool InputIsSecret = false)
{
    public static HostCommand Of(params string[] argv) => new(argv);

    /// <summary>The command as a person reads it in a log; secret input is not shown.</summary>
    public override string ToString() =>
        string.Join(' ', Argv.Select(Quote)) + (StandardInput is null ? "" : InputIsSecret ? " <<(secret)" : " <<(input)");

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
