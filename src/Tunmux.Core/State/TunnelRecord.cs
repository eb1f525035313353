using Tunmux.Api.Model;

namespace Tunmux.Core.State;

/// <summary>What tunmux built for a tunnel, written after it was built. Holds no secrets.</summary>
public sealed record TunnelRecord(
    string Name,
    string Namespace,
    string Interface,
    BackendKind Backend,
    string SpecHash,
    ProcessRef? WireGuardProcess,
    DateTimeOffset CreatedAt);
