using System.Net;
using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>An enabled listener with a fixed port, as the set rules compare them.</summary>
internal sealed record Listener(ProxyManifest Proxy, string Path, string Text, IPAddress Address, int Port)
{
    /// <summary>The listeners of a proxy that claim a definite address and port (automatic ports never collide).</summary>
    public static IEnumerable<Listener> Of(ProxyManifest proxy)
    {
        foreach (var (spec, path) in new[] { (proxy.Spec.Socks, "spec.socks.listen"), (proxy.Spec.Http, "spec.http.listen") })
        {
            if (spec is { Enabled: true, Listen: { } text }
                && ListenAddress.TryParse(text, out var address, out var port, out _)
                && port != 0)
            {
                yield return new Listener(proxy, path, text, address, port);
            }
        }
    }

    public bool CollidesWith(Listener other) => Port == other.Port && ListenAddress.Overlaps(Address, other.Address);
}
