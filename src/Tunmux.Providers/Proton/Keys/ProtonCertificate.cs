using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tunmux.Providers.Proton.Keys;

/// <summary>Reads the validity of the PEM certificate from `/vpn/v1/certificate`.</summary>
public static class ProtonCertificate
{
    /// <summary>The certificate's notAfter, in UTC.</summary>
    public static DateTimeOffset NotAfter(string certificatePem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem);
            return new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (CryptographicException exception)
        {
            throw new FormatException("The certificate is not a readable X.509 PEM.", exception);
        }
    }

    /// <summary>Whether the certificate must be renewed before connecting (its notAfter has passed).</summary>
    public static bool IsExpired(string certificatePem, DateTimeOffset now) => NotAfter(certificatePem) <= now;
}
