using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Core.Model;

/// <summary>
/// A key, password or token held in memory. Printing it, logging it or serialising it by
/// accident shows a placeholder; only <see cref="Reveal"/> gives the value, and only code
/// that hands it to WireGuard or a provider should call it.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    public const string Redacted = "<redacted>";

    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public string Reveal() => _value;

    /// <summary>A one-way digest, so that a change of key can be detected without storing the key.</summary>
    public string Digest() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_value)))[..16];

    public override string ToString() => Redacted;

    public bool Equals(Secret? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    public override bool Equals(object? obj) => obj is Secret other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode(StringComparison.Ordinal);
}
