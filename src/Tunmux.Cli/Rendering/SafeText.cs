using Tunmux.Api.Model;

namespace Tunmux.Cli.Rendering;

/// <summary>
/// Text from inputs (manifests, records, peers, provider answers, error messages) as the CLI prints
/// it: control characters shown as escapes (<see cref="TerminalText"/>), so a name holding
/// "\e[2J" cannot clear or recolour the reader's terminal, and Spectre markup brackets escaped.
/// </summary>
public static class SafeText
{
    /// <summary>For markup: control characters escaped, then "[" and "]".</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(TerminalText.Escape(text ?? ""));

    /// <summary>For plain writes (no markup).</summary>
    public static string Plain(string? text) => TerminalText.Escape(text ?? "");
}
