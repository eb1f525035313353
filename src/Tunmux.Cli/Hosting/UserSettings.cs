using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Hosting;

/// <summary>The calling user's config.toml as commands use it: defaults that a flag given on the command line overrides.</summary>
public static class UserSettings
{
    /// <summary>The user's settings, or null after printing why the file cannot be used.</summary>
    public static TunmuxConfig? Read(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var load = TunmuxConfigFile.LoadUser(context.Environment);
        foreach (var error in load.Errors)
        {
            context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(error)}");
        }

        return load.Ok ? load.Config : null;
    }

    /// <summary>The flag's value when it was given (even `--flag false`), otherwise <paramref name="fallback"/>.</summary>
    public static T FlagOr<T>(ParseResult parse, Option<T> option, T fallback)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : fallback;
    }
}
