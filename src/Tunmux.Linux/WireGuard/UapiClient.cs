using System.Net.Sockets;
using System.Security.Cryptography;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// Asks wireguard-go for its state over its control socket (/var/run/wireguard/IF.sock, a Unix
/// socket: reachable from any network namespace), where <c>wg show IF dump</c> would cost a
/// process. The answer holds the private key in hex: it stays in a buffer that is wiped before
/// this returns, whatever happens.
/// </summary>
public static class UapiClient
{
    private static readonly byte[] GetRequest = "get=1\n\n"u8.ToArray();

    /// <summary>
    /// The interface's public state, or null when nobody answers on the socket, the answer is
    /// malformed or does not come within <paramref name="timeout"/>.
    /// </summary>
    public static Task<WgDump?> GetAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken) =>
        GetAsync(socketPath, timeout, X25519.PublicKeyOf, cancellationToken);

    /// <summary>As <see cref="GetAsync(string, TimeSpan, CancellationToken)"/>, deriving the public key with <paramref name="publicKeyOf"/>.</summary>
    internal static async Task<WgDump?> GetAsync(string socketPath, TimeSpan timeout, PublicKeyDerivation publicKeyOf, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var answer = new AnswerBuffer();
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), limit.Token).ConfigureAwait(false);
            await socket.SendAsync(GetRequest, SocketFlags.None, limit.Token).ConfigureAwait(false);
            return await answer.ReceiveAsync(socket, limit.Token).ConfigureAwait(false)
                ? UapiGetParser.Parse(answer.Received, publicKeyOf)
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            answer.Wipe();
        }
    }

    /// <summary>Grows as the answer arrives; every buffer it gives up is wiped first.</summary>
    private sealed class AnswerBuffer
    {
        private const int MaximumLength = 1 << 20;

        private byte[] _bytes = new byte[4096];
        private int _length;

        public ReadOnlySpan<byte> Received => _bytes.AsSpan(0, _length);

        /// <summary>Reads until the blank line that ends an answer; false when the peer hangs up first or it grows too long.</summary>
        public async Task<bool> ReceiveAsync(Socket socket, CancellationToken cancellationToken)
        {
            while (!Received.EndsWith("\n\n"u8))
            {
                if (_length == _bytes.Length && !Grow())
                {
                    return false;
                }

                var received = await socket.ReceiveAsync(_bytes.AsMemory(_length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (received == 0)
                {
                    return false;
                }

                _length += received;
            }

            return true;
        }

        public void Wipe() => CryptographicOperations.ZeroMemory(_bytes);

        private bool Grow()
        {
            if (_bytes.Length >= MaximumLength)
            {
                return false;
            }

            var larger = new byte[_bytes.Length * 2];
            _bytes.CopyTo(larger, 0);
            Wipe();
            _bytes = larger;
            return true;
        }
    }
}
