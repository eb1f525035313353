using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tunmux.Providers.Tests.Support;

/// <summary>Reads the known-answer files under Vectors/ (copied from shared/vectors) and Fixtures/.</summary>
internal static partial class VectorFile
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Vectors", relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    public static string ReadFixture(string relative) => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative));

    public static JsonElement Json(string relative) => JsonDocument.Parse(Read(relative)).RootElement.Clone();

    public static byte[] Base64(JsonElement element, string property) => Convert.FromBase64String(element.GetProperty(property).GetString()!);

    public static string String(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>Lines of the form `"input" -> "output"`, possibly several per line separated by ';'.</summary>
    public static IReadOnlyList<(string Input, string Output)> Arrows(string relative) =>
        [.. ArrowPattern().Matches(Read(relative)).Select(match => (match.Groups[1].Value, match.Groups[2].Value))];

    /// <summary>`name ... = value` lines; the value is the first word after the last " = ".</summary>
    public static IReadOnlyDictionary<string, string> KeyValues(string relative)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Read(relative).Split('\n'))
        {
            var equals = line.LastIndexOf(" = ", StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = line[..equals].Trim().Split(' ')[0];
            var value = line[(equals + 3)..].Trim().Split(' ')[0];
            values[name] = value;
        }

        return values;
    }

    [GeneratedRegex("\"(.*?)\" -> \"(.*?)\"")]
    private static partial Regex ArrowPattern();
}
