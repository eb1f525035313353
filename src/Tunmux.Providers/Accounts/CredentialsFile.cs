using System.Text.Json;
using Tunmux.Api.Files;
using Tunmux.Core.Model;

namespace Tunmux.Providers.Accounts;

/// <summary>
/// A credentials file for unattended hosts (spec.account.credentialsFile): a flat YAML mapping
/// (`login: alice`) or a JSON object. It must not be readable by other users. Values are held as
/// <see cref="Secret"/>s and never appear in errors.
/// </summary>
public sealed class CredentialsFile
{
    private readonly Dictionary<string, Secret> _values;

    private CredentialsFile(string path, Dictionary<string, Secret> values)
    {
        Path = path;
        _values = values;
    }

    public string Path { get; }

    /// <summary>The first of <paramref name="keys"/> present (case-insensitive), or null.</summary>
    public Secret? Get(params string[] keys) =>
        keys.Select(key => _values.GetValueOrDefault(key)).FirstOrDefault(value => value is not null);

    /// <summary>Reads and checks the file; errors say what is wrong, never what the file holds.</summary>
    public static CredentialsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = ReferencedFile.ReadAllText(path);
            if ((File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new CredentialsFileException($"{path} can be read by other users; run chmod 600 {path}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"cannot read {path}: {exception.Message}", exception);
        }

        var values = text.TrimStart().StartsWith('{') ? ParseJson(path, text) : ParseYaml(path, text);
        return new CredentialsFile(path, values);
    }

    private static Dictionary<string, Secret> ParseJson(string path, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var values = new Dictionary<string, Secret>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = new Secret(property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText());
            }

            return values;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The parser's message may quote the content: leave it out.
            throw new CredentialsFileException($"{path} is not a JSON object of strings");
        }
    }

    private static Dictionary<string, Secret> ParseYaml(string path, string text)
    {
        var values = new Dictionary<string, Secret>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#') || line.Trim() == "---")
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                throw new CredentialsFileException($"{path}:{i + 1}: expected a line `key: value`");
            }

            values[line[..colon].Trim()] = new Secret(Unquote(line[(colon + 1)..].Trim()));
        }

        return values;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1]
            : value;
}

/// <summary>A credentials file that cannot be used; the message names the file, never its content.</summary>
public sealed class CredentialsFileException : Exception
{
    public CredentialsFileException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
