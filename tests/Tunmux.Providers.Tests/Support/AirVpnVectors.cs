namespace Tunmux.Providers.Tests.Support;

/// <summary>Sections of airvpn/fetch_encoding_example.txt and airvpn/bootstrap_urls.txt.</summary>
internal static class AirVpnVectors
{
    public const string EncodingFile = "airvpn/fetch_encoding_example.txt";
    public const string BootstrapFile = "airvpn/bootstrap_urls.txt";

    /// <summary>The lines after <paramref name="header"/> up to the next line ending in ':' (or the end).</summary>
    public static IReadOnlyList<string> Section(string header)
    {
        var lines = VectorFile.Read(EncodingFile).Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == header) + 1;
        if (start == 0)
        {
            throw new InvalidOperationException($"No section '{header}' in {EncodingFile}.");
        }

        return [.. lines.Skip(start).TakeWhile(line => line.Length > 0 && !line.TrimEnd().EndsWith(':'))];
    }

    /// <summary>S plaintext as assoc text (each line with its '\n').</summary>
    public static string SessionKeyPlaintext() => string.Concat(Section("S plaintext (before RSA):").Select(line => line + "\n"));

    public static string ParametersPlaintext() => string.Concat(Section("D plaintext (before AES):").Select(line => line + "\n"));

    public static string EncryptedParameters() => Section("D (base64 of AES-256-CBC ciphertext):").Single();

    /// <summary>The URLs listed under the block whose first line starts with <paramref name="blockStart"/>.</summary>
    public static IReadOnlyList<string> BootstrapUrls(string blockStart)
    {
        var lines = VectorFile.Read(BootstrapFile).Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith(blockStart, StringComparison.Ordinal));
        var index = start + 1;
        while (index < lines.Length && !lines[index].StartsWith("  http", StringComparison.Ordinal))
        {
            index++;
        }

        return [.. lines.Skip(index).TakeWhile(line => line.StartsWith("  http", StringComparison.Ordinal)).Select(line => line.Trim())];
    }
}
