using System.Text;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Eddie's "assoc" encoding of key/value pairs, used inside AirVPN's encrypted requests:
/// one line `base64(utf8 key):base64(value bytes)\n` per pair, in order.
/// </summary>
public static class AirVpnAssoc
{
    public static byte[] Encode(IEnumerable<KeyValuePair<string, byte[]>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            text.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(key)))
                .Append(':')
                .Append(Convert.ToBase64String(value))
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Encode(pairs.Select(pair => KeyValuePair.Create(pair.Key, Encoding.UTF8.GetBytes(pair.Value))));
    }
}
