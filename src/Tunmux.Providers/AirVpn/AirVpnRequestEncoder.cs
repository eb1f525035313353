using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Eddie's "rsa4096+aes256" fetch encoding: S = base64(RSA-PKCS#1 v1.5(assoc{key, iv})),
/// D = base64(AES-256-CBC-PKCS7(assoc(parameters))). The reply body is AES-256-CBC under the
/// same key and IV and decrypts to UTF-8 XML.
/// </summary>
public static class AirVpnRequestEncoder
{
    /// <summary>The plaintext RSA wraps: the assoc of `key` and `iv`.</summary>
    public static byte[] SessionKeyPlaintext(AirVpnSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        return AirVpnAssoc.Encode(
        [
            KeyValuePair.Create("key", sessionKey.Key.ToArray()),
            KeyValuePair.Create("iv", sessionKey.Iv.ToArray()),
        ]);
    }

    public static AirVpnEncodedRequest Encode(AirVpnRequest request, AirVpnSessionKey sessionKey, RSA serverKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serverKey);
        var wrapped = SessionKeyPlaintext(sessionKey);
        var parameters = AirVpnAssoc.Encode(request.Parameters);
        try
        {
            var s = serverKey.Encrypt(wrapped, RSAEncryptionPadding.Pkcs1);
            var d = sessionKey.Encrypt(parameters);
            return new AirVpnEncodedRequest(Convert.ToBase64String(s), Convert.ToBase64String(d));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapped);
            CryptographicOperations.ZeroMemory(parameters);
        }
    }

    /// <summary>Decrypts a reply body to its XML text.</summary>
    public static string DecryptResponse(ReadOnlySpan<byte> body, AirVpnSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        try
        {
            return Encoding.UTF8.GetString(sessionKey.Decrypt(body));
        }
        catch (CryptographicException exception)
        {
            throw new AirVpnApiException("The AirVPN reply does not decrypt with the request's key.", exception);
        }
    }
}
