using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Tunmux.Providers.Proton.Srp;

/// <summary>
/// Verifies Proton's cleartext-signed SRP modulus with BouncyCastle's OpenPGP against one pinned
/// key, under tunmux's policy: exactly one canonical-text signature, issued by that key, with a
/// hash the message's <c>Hash:</c> header names (when it has one). Armor, packets, canonical text
/// and the signature itself are BouncyCastle's; what is left here is that policy.
/// </summary>
public static class ModulusSignature
{
    /// <summary>The signed text (line breaks as "\n"), or <see cref="SrpException"/> when it does not verify.</summary>
    public static string Verify(string clearSigned, PgpPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(clearSigned);
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return VerifyOrThrow(clearSigned, key);
        }
        catch (Exception ex) when (ex is IOException or PgpException or InvalidCastException or ArgumentException or FormatException or InvalidOperationException)
        {
            // BouncyCastle reports malformed armor and packets with these.
            throw new SrpException($"The SRP modulus signature is not valid: {ex.Message}", ex);
        }
    }

    private static string VerifyOrThrow(string clearSigned, PgpPublicKey key)
    {
        using var armored = new ArmoredInputStream(new MemoryStream(Encoding.UTF8.GetBytes(clearSigned)));
        if (!armored.IsClearText())
        {
            throw Invalid("it is not a cleartext-signed message");
        }

        var hashHeaders = HashHeaders(armored.GetArmorHeaders() ?? []);
        var text = ReadClearText(armored);

        var packets = new PgpObjectFactory(armored);
        if (packets.NextPgpObject() is not PgpSignatureList { Count: 1 } signatures || packets.NextPgpObject() is not null)
        {
            throw Invalid("the signature block must hold exactly one signature packet");
        }

        var signature = signatures[0];
        if (signature.SignatureType != PgpSignature.CanonicalTextDocument)
        {
            throw Invalid($"signature type {signature.SignatureType} is not a canonical text signature");
        }

        if (signature.KeyAlgorithm != key.Algorithm)
        {
            throw Invalid("the signature algorithm does not match the key");
        }

        var hashName = PgpUtilities.GetDigestName(signature.HashAlgorithm);
        if (hashHeaders.Count > 0 && !hashHeaders.Contains(hashName, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid($"the Hash header does not list {hashName}, the signature's hash");
        }

        if (signature.KeyId != key.KeyId)
        {
            throw Invalid("the signature was issued by another key");
        }

        signature.InitVerify(key);
        signature.Update(CanonicalText(text));
        if (!signature.Verify())
        {
            throw Invalid("the signature does not verify");
        }

        return text;
    }

    /// <summary>Algorithm names from the <c>Hash:</c> headers; any other cleartext header is refused.</summary>
    private static List<string> HashHeaders(IEnumerable<string> headers)
    {
        var names = new List<string>();
        foreach (var header in headers)
        {
            if (!header.StartsWith("Hash:", StringComparison.Ordinal))
            {
                throw Invalid($"unexpected cleartext header '{header}'");
            }

            names.AddRange(header["Hash:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return names;
    }

    /// <summary>
    /// The signed text, dash-escaping removed by the armor reader. The reader leaves clear-text mode
    /// on the byte after the text's last line break, which belongs to the armor and is dropped, as is
    /// that line break.
    /// </summary>
    private static string ReadClearText(ArmoredInputStream armored)
    {
        var bytes = new MemoryStream();
        int next;
        while ((next = armored.ReadByte()) >= 0 && armored.IsClearText())
        {
            bytes.WriteByte((byte)next);
        }

        var text = Encoding.UTF8.GetString(bytes.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <summary>What a canonical-text signature covers: trailing spaces and tabs removed, lines joined by CRLF.</summary>
    internal static byte[] CanonicalText(string text) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", text.Split('\n').Select(line => line.TrimEnd(' ', '\t'))));

    private static PgpException Invalid(string reason) => new(reason);
}
