using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Linux.WireGuard;

/// <summary>Derives the base64 public key of a 32-byte private key (X25519 in production).</summary>
internal delegate string PublicKeyDerivation(ReadOnlySpan<byte> privateKey);

/// <summary>
/// Parses wireguard-go's answer to <c>get=1</c> on its control socket: key=value lines, first the
/// interface (private_key, listen_port, fwmark), then each peer from its public_key line on
/// (preshared_key, endpoint, last_handshake_time_sec, rx_bytes, tx_bytes,
/// persistent_keepalive_interval, allowed_ip ...), then errno. Keys are lowercase hex there.
/// The result is the same <see cref="WgDump"/> that <c>wg show IF dump</c> gives. The private
/// key is decoded into a stack buffer only to derive the public key and wiped at once; the
/// preshared key is never decoded. Malformed input yields null, never an error quoting it.
/// </summary>
internal static class UapiGetParser
{
    public static WgDump? Parse(ReadOnlySpan<byte> response, PublicKeyDerivation publicKeyOf)
    {
        ArgumentNullException.ThrowIfNull(publicKeyOf);
        string? publicKey = null;
        var listenPort = 0;
        int? errno = null;
        var peers = new List<WgDumpPeer>();
        PeerFields? peer = null;
        foreach (var range in response.Split((byte)'\n'))
        {
            var line = response[range];
            if (line.IsEmpty)
            {
                continue;
            }

            var equals = line.IndexOf((byte)'=');
            if (equals <= 0 || errno is not null)
            {
                return null; // not key=value, or lines after errno
            }

            var key = line[..equals];
            var value = line[(equals + 1)..];
            bool understood;
            if (key.SequenceEqual("errno"u8))
            {
                understood = TryNumber(value, out int code);
                errno = code;
            }
            else if (key.SequenceEqual("public_key"u8))
            {
                understood = StartPeer(value, peers, ref peer);
            }
            else if (peer is not null)
            {
                understood = peer.Take(key, value);
            }
            else if (key.SequenceEqual("private_key"u8))
            {
                understood = TryDerivePublicKey(value, publicKeyOf, out publicKey);
            }
            else
            {
                // fwmark, and whatever a newer wireguard-go adds about the interface.
                understood = !key.SequenceEqual("listen_port"u8) || TryNumber(value, out listenPort);
            }

            if (!understood)
            {
                return null;
            }
        }

        // No errno line: the answer was cut short. Another errno: the request failed.
        if (errno != 0 || !FinishPeer(peers, peer))
        {
            return null;
        }

        return new WgDump(publicKey, listenPort, peers);
    }

    private static bool StartPeer(ReadOnlySpan<byte> hexKey, List<WgDumpPeer> peers, ref PeerFields? peer)
    {
        Span<byte> key = stackalloc byte[X25519.KeyLength];
        if (!FinishPeer(peers, peer) || !TryDecodeHexKey(hexKey, key))
        {
            return false;
        }

        peer = new PeerFields(Convert.ToBase64String(key));
        return true;
    }

    /// <summary>Adds the peer read so far, if any; false when it lacks a line wireguard-go always sends.</summary>
    private static bool FinishPeer(List<WgDumpPeer> peers, PeerFields? peer)
    {
        if (peer is null)
        {
            return true;
        }

        if (peer.ToPeer() is not { } finished)
        {
            return false;
        }

        peers.Add(finished);
        return true;
    }

    private static bool TryDerivePublicKey(ReadOnlySpan<byte> hexKey, PublicKeyDerivation publicKeyOf, out string? publicKey)
    {
        Span<byte> privateKey = stackalloc byte[X25519.KeyLength];
        try
        {
            publicKey = TryDecodeHexKey(hexKey, privateKey) ? publicKeyOf(privateKey) : null;
            return publicKey is not null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Exactly 64 hex digits into 32 bytes, without making a string of them.</summary>
    private static bool TryDecodeHexKey(ReadOnlySpan<byte> hex, Span<byte> key)
    {
        if (hex.Length != key.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            key[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };

    private static bool TryNumber(ReadOnlySpan<byte> digits, out int value) =>
        Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length && value >= 0;

    private static bool TryNumber(ReadOnlySpan<byte> digits, out long value) =>
        Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length && value >= 0;

    /// <summary>The lines of one peer, gathered until the next peer or the end.</summary>
    private sealed class PeerFields(string publicKey)
    {
        private readonly List<string> _allowedIps = [];
        private string? _endpoint;
        private long? _handshakeSeconds;
        private long? _rx;
        private long? _tx;
        private int? _keepalive;

        /// <summary>Takes one of the peer's lines; false when its value is malformed.</summary>
        public bool Take(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (key.SequenceEqual("endpoint"u8))
            {
                _endpoint = Encoding.ASCII.GetString(value);
            }
            else if (key.SequenceEqual("allowed_ip"u8))
            {
                _allowedIps.Add(Encoding.ASCII.GetString(value));
            }
            else if (key.SequenceEqual("last_handshake_time_sec"u8))
            {
                return Store(value, out _handshakeSeconds);
            }
            else if (key.SequenceEqual("rx_bytes"u8))
            {
                return Store(value, out _rx);
            }
            else if (key.SequenceEqual("tx_bytes"u8))
            {
                return Store(value, out _tx);
            }
            else if (key.SequenceEqual("persistent_keepalive_interval"u8))
            {
                var valid = TryNumber(value, out int seconds);
                _keepalive = valid && seconds > 0 ? seconds : null;
                return valid;
            }

            // preshared_key (a secret: never decoded), protocol_version, last_handshake_time_nsec, ...
            return true;
        }

        /// <summary>The peer, or null when a counter wireguard-go always sends is missing.</summary>
        public WgDumpPeer? ToPeer() =>
            _handshakeSeconds is { } seconds && _rx is { } rx && _tx is { } tx
                ? new WgDumpPeer(publicKey, _endpoint, _allowedIps, seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds), rx, tx, _keepalive)
                : null;

        private static bool Store(ReadOnlySpan<byte> value, out long? field)
        {
            var valid = TryNumber(value, out long number);
            field = valid ? number : null;
            return valid;
        }
    }
}
