using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Proxy;

/// <summary>
/// The one user name and password the proxy accepts (SOCKS5 RFC 1929 and HTTP Basic).
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class ProxyCredentials
{
    private readonly byte[] _userName;
    private readonly byte[] _password;

    public ProxyCredentials(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        _userName = Encoding.UTF8.GetBytes(userName);
        _password = Encoding.UTF8.GetBytes(password);
        if (_userName.Length > 255 || _password.Length > 255)
        {
            // SOCKS5 carries each in a one-byte length field.
            throw new ArgumentException("User name and password must each fit in 255 bytes (UTF-8).");
        }

        UserName = userName;
    }

    public string UserName { get; }

    /// <summary>Compares in constant time, so a wrong guess leaks nothing through timing.</summary>
    public bool Matches(ReadOnlySpan<byte> userName, ReadOnlySpan<byte> password)
    {
        var userOk = CryptographicOperations.FixedTimeEquals(userName, _userName);
        var passwordOk = CryptographicOperations.FixedTimeEquals(password, _password);
        return userOk & passwordOk;
    }

    public override string ToString() => $"ProxyCredentials {{ UserName = {UserName}, Password = *** }}";
}
