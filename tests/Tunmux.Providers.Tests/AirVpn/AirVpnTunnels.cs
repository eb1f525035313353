using Tunmux.Api.Model;

namespace Tunmux.Providers.Tests.AirVpn;

/// <summary>AirVPN Tunnel manifests built in code.</summary>
internal static class AirVpnTunnels
{
    public static TunnelManifest Tunnel(string name = "nl", ServerSelectorSpec? server = null, AccountSpec? account = null, IReadOnlyDictionary<string, string>? labels = null) =>
        new()
        {
            Metadata = new ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string>() },
            Spec = new TunnelSpec { Provider = "airvpn", Server = server, Account = account },
        };
}
