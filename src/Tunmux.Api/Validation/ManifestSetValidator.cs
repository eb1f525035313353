using FluentValidation;
using FluentValidation.Results;
using Tunmux.Api.Loading;
using Tunmux.Api.Model;
using Tunmux.Core.Model;

namespace Tunmux.Api.Validation;

/// <summary>
/// Rules across objects: unique names per kind, proxies naming existing tunnels, listeners not sharing
/// an address and port. Each failure carries the object it is reported on as its CustomState.
/// </summary>
internal sealed class ManifestSetValidator : AbstractValidator<IReadOnlyList<ManifestObject>>
{
    public ManifestSetValidator()
    {
        RuleFor(objects => objects).Custom((objects, context) =>
        {
            var first = new Dictionary<(string Kind, string Name), ManifestObject>();
            foreach (var manifest in objects.Where(o => o.Name.Length > 0))
            {
                if (!first.TryAdd((manifest.Kind, manifest.Name), manifest))
                {
                    var original = first[(manifest.Kind, manifest.Name)];
                    context.AddFailure(Failure(manifest, "metadata.name",
                        $"{manifest.Kind} \"{manifest.Name}\" is declared twice; first at {Where(original, "metadata.name")}"));
                }
            }
        });

        RuleFor(objects => objects).Custom((objects, context) =>
        {
            // One direct tunnel owns the host's routing, firewall and resolver: a second has nowhere to go.
            var direct = objects.OfType<TunnelManifest>().Where(t => t.Spec.Mode == TunnelMode.Direct).ToList();
            foreach (var extra in direct.Skip(1))
            {
                context.AddFailure(Failure(extra, "spec.mode",
                    $"at most one direct tunnel per host; Tunnel \"{direct[0].Name}\" is direct already (spec.mode at {Where(direct[0], "spec.mode")})"));
            }
        });

        RuleFor(objects => objects).Custom((objects, context) =>
        {
            var tunnels = objects.OfType<TunnelManifest>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var proxy in objects.OfType<ProxyManifest>())
            {
                var target = proxy.Spec.TunnelRef;
                if (target.Length > 0 && !tunnels.Contains(target))
                {
                    context.AddFailure(Failure(proxy, "spec.tunnelRef",
                        $"no Tunnel named \"{target}\" in these manifests{Suggestions.Hint(target, tunnels)}"));
                }
                else if (objects.OfType<TunnelManifest>().FirstOrDefault(t => t.Name == target) is { Spec.Mode: TunnelMode.Direct })
                {
                    context.AddFailure(Failure(proxy, "spec.tunnelRef",
                        $"Tunnel \"{target}\" is a direct tunnel: it carries the whole host, so a proxy needs no exit of its own there; point it at a proxy-mode tunnel"));
                }
            }
        });

        RuleFor(objects => objects).Custom((objects, context) =>
        {
            var claimed = new List<Listener>();
            foreach (var listener in objects.OfType<ProxyManifest>().SelectMany(Listener.Of))
            {
                if (claimed.Find(listener.CollidesWith) is { } earlier)
                {
                    context.AddFailure(Failure(listener.Proxy, listener.Path,
                        $"{listener.Text} collides with {earlier.Text} of Proxy \"{earlier.Proxy.Name}\" "
                        + $"({earlier.Path} at {Where(earlier.Proxy, earlier.Path)})"));
                }
                else
                {
                    claimed.Add(listener);
                }
            }
        });
    }

    private static ValidationFailure Failure(ManifestObject subject, string path, string message) =>
        new(path, message) { CustomState = subject };

    private static SourcePosition Where(ManifestObject manifest, string path) => ManifestValidator.PositionOf(manifest, path);
}
