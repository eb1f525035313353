using System.Text;

namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// A cleartext-signed message (RFC 4880 section 7): the `Hash:` headers, the text as written
/// (dash-escaping removed) and the binary signature block. Nothing here is trusted until
/// <see cref="ClearSignVerifier"/> has checked it.
/// </summary>
public sealed class ClearSignedMessage
{
    private const string BeginMessage = "-----BEGIN PGP SIGNED MESSAGE-----";
    private const string BeginSignature = "-----BEGIN PGP SIGNATURE-----";
    private const string SignatureBlock = "PGP SIGNATURE";

    private ClearSignedMessage(IReadOnlyList<string> hashHeaders, IReadOnlyList<string> lines, byte[] signatureData)
    {
        HashHeaders = hashHeaders;
        Lines = lines;
        SignatureData = signatureData;
    }

    /// <summary>Hash algorithm names from the `Hash:` headers, e.g. "SHA256".</summary>
    public IReadOnlyList<string> HashHeaders { get; }

    /// <summary>The signed lines with dash-escaping removed.</summary>
    public IReadOnlyList<string> Lines { get; }

    public string Text => string.Join('\n', Lines);

    /// <summary>The binary packets of the signature block.</summary>
    public byte[] SignatureData { get; }

    /// <summary>
    /// The bytes a text signature covers: trailing spaces and tabs removed from every line,
    /// lines joined by CRLF, and no line ending after the last line.
    /// </summary>
    public byte[] CanonicalText() =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", Lines.Select(line => line.TrimEnd(' ', '\t'))));

    public static ClearSignedMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Armor.SplitLines(text);
        var index = 0;
        while (index < lines.Count && lines[index].Trim().Length == 0)
        {
            index++;
        }

        if (index >= lines.Count || lines[index].Trim() != BeginMessage)
        {
            throw new OpenPgpException($"The message does not start with '{BeginMessage}'.");
        }

        index++;
        var hashHeaders = new List<string>();
        for (; index < lines.Count && lines[index].Trim().Length > 0; index++)
        {
            var header = lines[index];
            if (!header.StartsWith("Hash: ", StringComparison.Ordinal))
            {
                throw new OpenPgpException($"Unexpected cleartext header '{header}'.");
            }

            hashHeaders.AddRange(header["Hash: ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        index++;
        var body = new List<string>();
        for (; index < lines.Count && lines[index].TrimEnd() != BeginSignature; index++)
        {
            var line = lines[index];
            body.Add(line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line);
        }

        if (index >= lines.Count)
        {
            throw new OpenPgpException($"No '{BeginSignature}' line.");
        }

        var signature = Armor.DecodeLines(lines, index, SignatureBlock, out var next);
        if (lines.Skip(next).Any(line => line.Trim().Length > 0))
        {
            throw new OpenPgpException("The message has data after its signature.");
        }

        return new ClearSignedMessage(hashHeaders, body, signature);
    }
}
