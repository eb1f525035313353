namespace Tunmux.Providers.Proton.Servers;

/// <summary>The outcome of <see cref="ServerSelector.Select"/>: a server and its peer, or the filter that left nothing.</summary>
public sealed record ServerSelection
{
    private ServerSelection(LogicalServer? server, PhysicalServer? physical, ServerFilter? emptiedBy, string? error)
    {
        Server = server;
        Physical = physical;
        EmptiedBy = emptiedBy;
        Error = error;
    }

    public LogicalServer? Server { get; }

    /// <summary>The physical server to use as the WireGuard peer.</summary>
    public PhysicalServer? Physical { get; }

    /// <summary>On failure, the filter after which no server was left.</summary>
    public ServerFilter? EmptiedBy { get; }

    public string? Error { get; }

    public bool IsSuccess => Server is not null;

    public static ServerSelection Found(LogicalServer server, PhysicalServer physical) => new(server, physical, null, null);

    public static ServerSelection Empty(ServerFilter filter, string error) => new(null, null, filter, error);
}
