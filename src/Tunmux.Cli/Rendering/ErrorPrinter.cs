using Spectre.Console;
using Tunmux.Api.Model;

namespace Tunmux.Cli.Rendering;

public static class ErrorPrinter
{
    /// <summary>Every error, one per line, as file:line:column: field: message, then a count.</summary>
    public static void Print(IAnsiConsole console, IReadOnlyList<ManifestError> errors)
    {
        foreach (var error in errors.OrderBy(e => e.Position.File, StringComparer.Ordinal).ThenBy(e => e.Position.Line).ThenBy(e => e.Position.Column))
        {
            console.MarkupLine($"[red]error[/] {SafeText.Markup(error.ToString())}");
        }

        console.MarkupLine($"[red]{errors.Count} error{(errors.Count == 1 ? "" : "s")}; nothing was changed.[/]");
    }
}
