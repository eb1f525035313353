using System.Globalization;
using System.Text;

namespace Tunmux.Api.Model;

/// <summary>
/// Text that came from an input (a manifest, a record, a peer) made safe to print: every control
/// character (C0, DEL, C1, and the bidirectional overrides) is written as an escape, so a
/// `name: "x\e[2J"` shows as x\e[2J instead of clearing the reader's screen.
/// </summary>
public static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\u001b' => "\\e",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when NeedsEscape(c) => c <= '\u00ff'
                    ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture)
                    : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
