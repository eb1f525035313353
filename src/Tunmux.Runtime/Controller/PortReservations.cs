using System.Net;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;
using Tunmux.Core.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Serialises automatic port allocation across keys reconciled at the same time. A port is
/// "taken" once a proxy record names it, but two passes can each pick a port before either
/// writes its record; so each pass assigns under one lock, with the records read inside it,
/// and holds the ports it was given (<see cref="Reservation"/>) until its plan has run and
/// the records are written. Another key's pass skips the held ports.
/// </summary>
public sealed class PortReservations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlySet<int>> _held = new(StringComparer.Ordinal);

    /// <summary>
    /// Gives <paramref name="key"/>'s proxies their ports (see <see cref="PortAllocator"/>), skipping
    /// ports recorded now (<paramref name="loadRecords"/> runs under the lock), ports held by
    /// other keys and <paramref name="declaredPorts"/> (every port a declared object names, built or
    /// not). Dispose the reservation after the plan ran.
    /// </summary>
    public Reservation Assign(
        string key, IReadOnlyList<DesiredProxy> proxies, Func<IReadOnlyList<ProxyRecord>> loadRecords, IReadOnlySet<int> hostPortsInUse, IReadOnlySet<int>? declaredPorts = null)
    {
        ArgumentNullException.ThrowIfNull(loadRecords);
        lock (_gate)
        {
            var heldElsewhere = _held.Where(h => h.Key != key).SelectMany(h => h.Value).ToHashSet();
            heldElsewhere.UnionWith(declaredPorts ?? new HashSet<int>());
            var assigned = PortAllocator.Assign(proxies, loadRecords(), hostPortsInUse, heldElsewhere);
            _held[key] = assigned.SelectMany(p => new[] { p.Socks, p.Http }).OfType<IPEndPoint>().Select(e => e.Port).ToHashSet();
            return new Reservation(this, key, assigned);
        }
    }

    /// <summary>Ports held right now by passes whose records are not written yet (for tests).</summary>
    public IReadOnlySet<int> Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Values.SelectMany(ports => ports).ToHashSet();
            }
        }
    }

    private void Release(string key)
    {
        lock (_gate)
        {
            _held.Remove(key);
        }
    }

    /// <summary>The ports one pass was given, held until disposed.</summary>
    public sealed class Reservation(PortReservations owner, string key, IReadOnlyList<DesiredProxy> proxies) : IDisposable
    {
        private int _released;

        public IReadOnlyList<DesiredProxy> Proxies { get; } = proxies;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }
}
