using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Observed;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The proxies' side of status: per pass of a key, each of its proxies' generation and whether
/// its worker serves, then conditions that include the tunnel's TunnelUp. Status is taken up
/// from, saved to and deleted from <paramref name="shelf"/>. Workers call it for different keys
/// at once; one lock guards the tracks (a proxy may move from one tunnel to another).
/// </summary>
internal sealed class ProxyTracker(StatusShelf shelf)
{
    private const string Invalid = "invalid: ";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProxyTrack> _tracks = new(StringComparer.Ordinal);

    /// <summary>Per key, the readiness of the proxies its last <see cref="Update"/> looked at.</summary>
    private readonly Dictionary<string, Dictionary<string, ProxyReadiness>> _current = new(StringComparer.Ordinal);

    /// <summary>A copy, taken under the lock.</summary>
    public IEnumerable<ProxyTrack> Tracks
    {
        get
        {
            lock (_gate)
            {
                return [.. _tracks.Values];
            }
        }
    }

    /// <summary>See <see cref="StatusShelf.Restore"/>.</summary>
    public void Restore(IReadOnlySet<string> existing) => shelf.Restore(existing);

    /// <summary>
    /// Notes the key's proxies as declared and observed now (<paramref name="spec"/> is null on a
    /// health check, which keeps the last spec). Returns the declared ones' readiness, for the
    /// tunnel's ProxyListening condition.
    /// </summary>
    public IReadOnlyList<ProxyReadiness> Update(string key, IReadOnlyList<ManifestObject> declared, KeySpec? spec, ObservedState observed, DateTimeOffset now)
    {
        lock (_gate)
        {
            return UpdateLocked(key, declared, spec, observed);
        }
    }

    private List<ProxyReadiness> UpdateLocked(string key, IReadOnlyList<ManifestObject> declared, KeySpec? spec, ObservedState observed)
    {
        var manifests = declared.OfType<ProxyManifest>().Where(p => p.Spec.TunnelRef == key).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var running = observed.Proxies.Where(p => p.Record.TunnelRef == key).ToDictionary(p => p.Record.Name, StringComparer.Ordinal);
        foreach (var gone in _tracks.Values.Where(t => t.TunnelRef == key && !manifests.ContainsKey(t.Name) && !running.ContainsKey(t.Name)).ToList())
        {
            _tracks.Remove(gone.Name);
            shelf.Forget(gone.Name);
        }

        var current = _current[key] = new Dictionary<string, ProxyReadiness>(StringComparer.Ordinal);
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
            current[name] = readiness;
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
        lock (_gate)
        {
            if (!_current.Remove(key, out var current))
            {
                return;
            }

            foreach (var (name, readiness) in current)
            {
                if (_tracks.TryGetValue(name, out var track))
                {
                    track.Update(ProxyConditions.Derive(track.Conditions, readiness, tunnelUp, key, Math.Max(1, track.Generation), now), now);
                    shelf.Save(track);
                }
            }
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
