namespace Tunmux.Core.Model;

/// <summary>
/// The keeper of a tunnel's forwarded port, as it should run: one per tunnel with port
/// forwarding, named after its tunnel. The hook is the keeper's own spec, so editing it
/// restarts the keeper and never rebuilds the tunnel.
/// </summary>
/// <param name="Hook">The program to run when the port changes and its arguments; empty for none.</param>
public sealed record DesiredPortForward(string Tunnel, IReadOnlyList<string> Hook)
{
    public string SpecHash => SpecHashing.Of(["portforward/v1", Tunnel, .. Hook]);
}
