namespace Tunmux.Kubernetes.Objects;

/// <summary>
/// The objects of one kind as last listed and watched. An update whose generation did not change
/// (a status write, a label or annotation edit) changes nothing the reconciler needs and is skipped;
/// an update that no longer loads keeps the last good manifest, so a typo never tears an exit down.
/// Thread-safe: the watch writes, the reconciler's source reads.
/// </summary>
public sealed class ObjectCache(string kind)
{
    private readonly object _gate = new();
    private Dictionary<string, ClusterObject> _objects = new(StringComparer.Ordinal);
    private Dictionary<string, ClusterObject> _lastGood = new(StringComparer.Ordinal);

    public string Kind { get; } = kind;

    public IReadOnlyList<ClusterObject> Objects
    {
        get
        {
            lock (_gate)
            {
                return [.. _objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>What runs: each object's current manifest, or its last good one while the current one does not load.</summary>
    public IReadOnlyList<ClusterObject> Runnable
    {
        get
        {
            lock (_gate)
            {
                return [.. _objects.Keys.Where(_lastGood.ContainsKey).Order(StringComparer.Ordinal).Select(n => _lastGood[n])];
            }
        }
    }

    /// <summary>A full list: replaces everything; true when any object appeared, went or changed generation.</summary>
    public bool Replace(IEnumerable<ClusterObject> listed)
    {
        lock (_gate)
        {
            var fresh = listed.ToDictionary(o => o.Name, StringComparer.Ordinal);
            var changed = fresh.Count != _objects.Count
                || fresh.Values.Any(o => !_objects.TryGetValue(o.Name, out var known) || known.Generation != o.Generation);
            _objects = fresh;
            _lastGood = fresh.Values
                .Select(o => o.IsValid ? o : _lastGood.GetValueOrDefault(o.Name))
                .OfType<ClusterObject>()
                .ToDictionary(o => o.Name, StringComparer.Ordinal);
            return changed;
        }
    }

    /// <summary>An ADDED or MODIFIED event; false when the generation is the one already held.</summary>
    public bool Upsert(ClusterObject item)
    {
        lock (_gate)
        {
            if (_objects.TryGetValue(item.Name, out var known) && known.Generation == item.Generation && known.Uid == item.Uid)
            {
                _objects[item.Name] = known with { ResourceVersion = item.ResourceVersion };
                return false;
            }

            _objects[item.Name] = item;
            if (item.IsValid)
            {
                _lastGood[item.Name] = item;
            }

            return true;
        }
    }

    /// <summary>A DELETED event; false when the object was not known.</summary>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            _lastGood.Remove(name);
            return _objects.Remove(name);
        }
    }
}
