using System.Text.Json.Nodes;

namespace Tunmux.Daemon.Control;

/// <summary>
/// The control socket speaks newline-delimited JSON: one request object per line, one
/// response object per line, many per connection. Every message carries the protocol version,
/// and a peer with another major version gets a clear error instead of a misunderstanding.
/// </summary>
public static class ControlProtocol
{
    /// <summary>2: typed requests (apply, diff, delete, get, describe, status, wait); 1 forwarded command lines.</summary>
    public const int Version = 2;
    public const string DefaultSocketPath = "/run/tunmux/ctl.sock";
    public const string DefaultGroup = "tunmux";

    /// <summary>Longest request line accepted (manifests travel inside apply requests).</summary>
    public const int MaxLineBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Deepest JSON nesting a message may have, for the line reader and the typed binder alike.
    /// A request is four levels deep (message, body, a list, an entry) and a reply under ten; the
    /// reader's own default (64) is not relied on, and a deeper message is refused before any of
    /// it is bound.
    /// </summary>
    public const int MaxJsonDepth = 32;
}

/// <param name="Kind">What is asked (see <see cref="Protocol.RequestKinds"/>).</param>
/// <param name="Body">The typed request of <paramref name="Kind"/>, as JSON.</param>
public sealed record ControlRequest(int Version, string Kind, JsonObject? Body = null);

/// <param name="Error">A message for a person when <paramref name="Ok"/> is false; never a secret.</param>
public sealed record ControlResponse(int Version, bool Ok, string? Error = null, JsonObject? Body = null)
{
    /// <summary>A machine-readable kind of failure (see <see cref="ControlErrorCodes"/>); null on success.</summary>
    public string? Code { get; init; }

    public static ControlResponse Success(JsonObject? body = null) => new(ControlProtocol.Version, true, null, body);

    public static ControlResponse Failure(string error) => new(ControlProtocol.Version, false, error);

    public static ControlResponse Failure(string error, string code) => new(ControlProtocol.Version, false, error) { Code = code };
}

/// <summary>Who is on the other end of a connection, from SO_PEERCRED (the kernel's word, not the client's).</summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid);

/// <summary>Answers authorised requests; the server has already checked the peer.</summary>
public interface IControlHandler
{
    Task<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, CancellationToken cancellationToken);
}
