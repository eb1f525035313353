namespace Tunmux.Lab.State;

/// <summary>
/// Everything a lab made, written as it is made so that <c>lab down</c> removes exactly that,
/// even after an <c>up</c> that failed halfway.
/// </summary>
public sealed record LabState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string NamespacePrefix { get; init; }

    public required string InterfacePrefix { get; init; }

    /// <summary>Where the host side went; null for the namespace the lab command ran in.</summary>
    public string? HostNamespace { get; init; }

    /// <summary>True when up created the lab directory, so down may remove it once empty.</summary>
    public bool CreatedDirectory { get; init; }

    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Links made in the host namespace (the one veth end).</summary>
    public IReadOnlyList<string> HostLinks { get; init; } = [];

    /// <summary>Routes added in the host namespace.</summary>
    public IReadOnlyList<LabRouteRecord> HostRoutes { get; init; } = [];

    public IReadOnlyList<LabProcessRecord> Processes { get; init; } = [];

    /// <summary>wireguard-go control sockets under /var/run/wireguard.</summary>
    public IReadOnlyList<string> Sockets { get; init; } = [];

    /// <summary>Files written in the lab directory (configs, manifest, logs).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

public sealed record LabRouteRecord(string Destination, string Via, string Device);

/// <summary>A long-lived lab process: PID plus start time, so a reused PID is never signalled.</summary>
public sealed record LabProcessRecord(string Role, string Namespace, int Pid, ulong StartTime);
