using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Runtime.Resolution;

/// <summary>
/// Turns a provider tunnel (spec.provider proton, airvpn or mullvad) into a concrete WireGuard
/// config: picks the server from the selector, makes sure the account's key or certificate is
/// valid, and returns peer and addresses. The manifest resolver calls it for every tunnel whose
/// provider is not plain "wireguard". Implementations are in Tunmux.Providers.
/// </summary>
public interface IProviderTunnelSource
{
    /// <summary>The spec.provider values this source handles, e.g. "proton".</summary>
    IReadOnlyCollection<string> Providers { get; }

    Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken);

    /// <summary>
    /// The tunnel failed over from <paramref name="server"/>: mark it unhealthy for this tunnel,
    /// beside the tunnel's sticky choice (so a restarted daemon still knows), so that the next
    /// <see cref="ResolveAsync"/> picks another matching server (see <see cref="ServerAvoidance"/>).
    /// </summary>
    Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken);
}

/// <param name="Config">The config to build, or null when resolution failed.</param>
/// <param name="Server">The chosen server's display name (shown in status), e.g. "CH#12".</param>
/// <param name="Errors">What went wrong, each tied to the field it concerns ("spec.server.country").</param>
public sealed record ProviderResolution(WireGuardConfig? Config, string? Server, IReadOnlyList<ProviderProblem> Errors)
{
    public static ProviderResolution Failed(string fieldPath, string message) => new(null, null, [new ProviderProblem(fieldPath, message)]);

    /// <summary>The provider could not be asked (API unreachable or failing): worth another try, not an edit.</summary>
    public static ProviderResolution Unavailable(string message) => new(null, null, [new ProviderProblem("spec.provider", message, Transient: true)]);
}

/// <param name="Transient">True when asking again later may succeed (see <see cref="ProviderResolution.Unavailable"/>).</param>
public sealed record ProviderProblem(string FieldPath, string Message, bool Transient = false);
