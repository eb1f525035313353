using System.CommandLine;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Hosting;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> StateDir = new Option<string?>("--state-dir")
    {
        Description = "Where tunmux keeps declared state and records (default /var/lib/tunmux, or TUNMUX_STATE_DIR).",
        Recursive = true,
    }.AsPath();

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log every host command and step to standard error.",
        Recursive = true,
    };

    public static TunmuxPaths Paths(ParseResult parse, CliContext context) =>
        TunmuxPaths.FromEnvironment(parse.GetValue(StateDir), context.Environment);
}
