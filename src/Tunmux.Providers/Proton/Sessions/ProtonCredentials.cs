using System.Text.Json;
using Tunmux.Api.Files;
using Tunmux.Core.Model;
using Tunmux.Providers.Proton.Client;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// A login for hosts without a person (spec.account.credentialsFile, e.g. a mounted Kubernetes
/// Secret): JSON, or "key: value" lines, with username, password and optionally totpSecretFile
/// (relative to the credentials file) or totpSecret. Errors name the file and the key, never a value.
/// </summary>
public sealed record ProtonCredentials(string Username, Secret Password, string? TotpSecretFile, Secret? TotpSecret)
{
    public static ProtonCredentials Read(string path)
    {
        string text;
        try
        {
            text = ReferencedFile.ReadAllText(path);
        }
        catch (ReferencedFileException exception)
        {
            throw new ProtonException(ProtonProblem.CredentialsFile, $"cannot read the credentials file {path}: {exception.Message}", inner: exception);
        }

        var values = text.TrimStart().StartsWith('{') ? FromJson(text, path) : FromLines(text);
        string Required(string key) => values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new ProtonException(ProtonProblem.CredentialsFile, $"the credentials file {path} has no {key}");

        var totpFile = values.GetValueOrDefault("totpSecretFile") is { Length: > 0 } file
            ? file.Contains('\0') ? throw new ProtonException(ProtonProblem.CredentialsFile, $"the credentials file {path} names a totpSecretFile holding a NUL character")
            : Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(path))!)
            : null;
        var totpSecret = values.GetValueOrDefault("totpSecret") is { Length: > 0 } secret ? new Secret(secret) : null;
        return new ProtonCredentials(Required("username"), new Secret(Required("password")), totpFile, totpSecret);
    }

    /// <summary>Where the second factor comes from for this login; none when the file gives none.</summary>
    public ITwoFactorSource TwoFactor(TimeProvider time) =>
        TotpSecretFile is not null ? new TotpSecretFile(TotpSecretFile, time)
        : TotpSecret is not null ? new FixedTwoFactorCode(Totp.Compute(TotpSecret.Reveal(), time.GetUtcNow()))
        : FixedTwoFactorCode.None;

    public override string ToString() => $"Proton credentials of {Username}";

    private static Dictionary<string, string> FromJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new ProtonException(ProtonProblem.CredentialsFile, $"the credentials file {path} is not a JSON object", inner: exception);
        }
    }

    private static Dictionary<string, string> FromLines(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line.StartsWith('#') || colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
            {
                value = value[1..^1];
            }

            values[line[..colon].Trim()] = value;
        }

        return values;
    }
}
