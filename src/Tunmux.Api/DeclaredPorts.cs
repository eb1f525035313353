using Tunmux.Api.Model;
using Tunmux.Api.Validation;

namespace Tunmux.Api;

/// <summary>
/// The ports the declared objects name explicitly (enabled listeners with a port other than 0),
/// whether or not their exits are built yet. Automatic allocation treats all of them as taken, so
/// an exit whose tunnel is still pending or failing keeps its declared port free instead of
/// finding it given to another exit's automatic listener. Pure: reads only the objects.
/// </summary>
public static class DeclaredPorts
{
    public static IReadOnlySet<int> Of(IEnumerable<ManifestObject> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        return declared.OfType<ProxyManifest>().SelectMany(Listener.Of).Select(l => l.Port).ToHashSet();
    }
}
