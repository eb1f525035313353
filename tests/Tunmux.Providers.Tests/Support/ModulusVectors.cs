using System.Text.RegularExpressions;

namespace Tunmux.Providers.Tests.Support;

/// <summary>Pulls the signed moduli and the modulus key out of the Proton vector files.</summary>
internal static partial class ModulusVectors
{
    public const string GoSrpFile = "proton/gosrp_modulus_clearsign.txt";
    public const string PyClientFile = "proton/pyclient_modulus_instances.py.txt";
    public const string FakeFile = "tunmux/proton_modulus_decode_fake.txt";

    /// <summary>go-srp's testModulusClearSign.</summary>
    public static string GoSrpSignedModulus()
    {
        var text = VectorFile.Read(GoSrpFile);
        var start = text.IndexOf("-----BEGIN PGP SIGNED MESSAGE-----", StringComparison.Ordinal);
        var end = text.IndexOf("-----END PGP SIGNATURE-----", StringComparison.Ordinal) + "-----END PGP SIGNATURE-----".Length;
        return text[start..end] + "\n";
    }

    /// <summary>go-srp's modulusPubkey block.</summary>
    public static string GoSrpModulusKey()
    {
        var text = VectorFile.Read(GoSrpFile);
        var start = text.IndexOf("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal);
        var end = text.IndexOf("-----END PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal) + "-----END PGP PUBLIC KEY BLOCK-----".Length;
        return text[start..end];
    }

    /// <summary>The python client's instances: (signed modulus, decoded body or null when it must fail).</summary>
    public static IReadOnlyList<(string Signed, string? Decoded)> PyClientInstances()
    {
        var text = VectorFile.Read(PyClientFile);
        return
        [
            .. InstancePattern().Matches(text).Select(match => (
                match.Groups[1].Value.Replace("\\n", "\n", StringComparison.Ordinal),
                match.Groups[2].Success ? match.Groups[2].Value : null)),
        ];
    }

    /// <summary>tunmux's unsigned test modulus ("wA==" with a fake signature).</summary>
    public static string FakeSignedModulus()
    {
        var text = VectorFile.Read(FakeFile);
        return text[text.IndexOf("-----BEGIN PGP SIGNED MESSAGE-----", StringComparison.Ordinal)..];
    }

    /// <summary>The binary signature block of a clearsigned text (its base64 lines, without the checksum line).</summary>
    public static byte[] SignatureBytes(string signedText)
    {
        var block = signedText[signedText.IndexOf("-----BEGIN PGP SIGNATURE-----", StringComparison.Ordinal)..];
        var lines = block.Split('\n').Skip(1).TakeWhile(line => !line.StartsWith("-----END", StringComparison.Ordinal))
            .Where(line => line.Trim().Length > 0 && !line.StartsWith('=') && !line.Contains(": ", StringComparison.Ordinal));
        return Convert.FromBase64String(string.Concat(lines.Select(line => line.Trim())));
    }

    /// <summary>Replaces the signature block of a clearsigned text with <paramref name="signature"/>, armored without a checksum.</summary>
    public static string WithSignature(string signedText, byte[] signature)
    {
        var begin = signedText.IndexOf("-----BEGIN PGP SIGNATURE-----", StringComparison.Ordinal);
        var base64 = Convert.ToBase64String(signature);
        var lines = Enumerable.Range(0, (base64.Length + 63) / 64).Select(i => base64.Substring(i * 64, Math.Min(64, base64.Length - (i * 64))));
        return signedText[..begin] + "-----BEGIN PGP SIGNATURE-----\n\n" + string.Join("\n", lines) + "\n-----END PGP SIGNATURE-----\n";
    }

    [GeneratedRegex(@"'SignedModulus': '(.*?)',\s*'Decoded': (?:'(.*?)'|None)", RegexOptions.Singleline)]
    private static partial Regex InstancePattern();
}
