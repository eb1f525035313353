using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Observed;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The proxies' side of status: per pass of a key, each of its proxies' generation and whether
/// its worker serves, then conditions that include the tunnel's TunnelUp. Status is taken up
/// from, saved to and deleted from <paramref name="shelf"/>.
/// </summary>
internal sealed class ProxyTracker(StatusShelf shelf)
{
    private const string Invalid = "invalid: ";

    private readonly Dictionary<string, ProxyTrack> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProxyReadiness> _current = new(StringComparer.Ordinal);

    public IEnumerable<ProxyTrack> Tracks => _tracks.Values;

    /// <summary>See <see cref="StatusShelf.Restore"/>.</summary>
    public void Restore(IReadOnlySet<string> existing) => shelf.Restore(existing);

    /// <summary>
    /// Notes the key's proxies as declared and observed now (<paramref name="spec"/> is null on a
    /// health check, which keeps the last spec). Returns the declared ones' readiness, for the
    /// tunnel's ProxyListening condition.
    /// </summary>
    public IReadOnlyList<ProxyReadiness> Update(string key, IReadOnlyList<ManifestObject> declared, KeySpec? spec, ObservedState observed, DateTimeOffset now)
    {
        var manifests = declared.OfType<ProxyManifest>().Where(p => p.Spec.TunnelRef == key).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var running = observed.Proxies.Where(p => p.Record.TunnelRef == key).ToDictionary(p => p.Record.Name, StringComparer.Ordinal);
        foreach (var gone in _tracks.Values.Where(t => t.TunnelRef == key && !manifests.ContainsKey(t.Name) && !running.ContainsKey(t.Name)).ToList())
        {
            _tracks.Remove(gone.Name);
            shelf.Forget(gone.Name);
        }

        _current.Clear();
        var declaredReadiness = new List<ProxyReadiness>();
        foreach (var name in manifests.Keys.Union(running.Keys).Order(StringComparer.Ordinal))
        {
            var track = _tracks.GetValueOrDefault(name) ?? (_tracks[name] = NewTrack(name));
            track.TunnelRef = key;
            var isDeclared = manifests.ContainsKey(name);
            if (spec is not null && isDeclared && FingerprintOf(spec, name) is { } fingerprint && fingerprint != track.Fingerprint)
            {
                track.Fingerprint = fingerprint;
                track.Generation++;
            }

            var readiness = isDeclared && track.Fingerprint is { } known && known.StartsWith(Invalid, StringComparison.Ordinal)
                ? new ProxyReadiness(name, false, $"InvalidSpec: {known[Invalid.Length..]}")
                : ObservedConditions.Proxy(name, isDeclared, running.GetValueOrDefault(name));
            _current[name] = readiness;
            if (isDeclared)
            {
                declaredReadiness.Add(readiness);
            }
        }

        return declaredReadiness;
    }

    /// <summary>Derives the conditions of the proxies <see cref="Update"/> just looked at.</summary>
    public void Derive(string key, Condition? tunnelUp, DateTimeOffset now)
    {
        foreach (var (name, readiness) in _current)
        {
            var track = _tracks[name];
            track.Update(ProxyConditions.Derive(track.Conditions, readiness, tunnelUp, key, Math.Max(1, track.Generation), now), now);
            shelf.Save(track);
        }
    }

    private ProxyTrack NewTrack(string name)
    {
        var track = new ProxyTrack(name);
        shelf.TakeUp(track);
        return track;
    }

    private static string? FingerprintOf(KeySpec spec, string name) =>
        spec.Errors.FirstOrDefault(e => e.Subject == $"{ProxyManifest.KindName}/{name}") is { } error
            ? Invalid + error.Message
            : spec.Desired.Proxies.FirstOrDefault(p => p.Name == name)?.SpecHash;
}
