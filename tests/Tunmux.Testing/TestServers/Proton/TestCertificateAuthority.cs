using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>Issues real X.509 certificates for the client's Ed25519 key, signed by a throwaway ECDSA CA.</summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X500DistinguishedName _name = new("CN=tunmux test Proton VPN CA");
    private long _serial;

    /// <param name="spkiDer">The client's SubjectPublicKeyInfo, as it sent it.</param>
    public (string Pem, string Serial) Issue(ReadOnlySpan<byte> spkiDer, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(spkiDer, out _);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subject}"), publicKey, HashAlgorithmName.SHA256);
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using var certificate = request.Create(_name, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, serial);
        return (certificate.ExportCertificatePem(), certificate.SerialNumber);
    }

    public void Dispose() => _key.Dispose();
}
