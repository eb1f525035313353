using Microsoft.Extensions.Logging;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Keeps one kind's status (tunnels' or proxies') across daemon restarts: what a previous daemon
/// saved is loaded once at start and handed to each object's track on first sight, a track's
/// status is saved only when it differs from what was saved, and it is deleted with the object.
/// Without a store (unit tests that do not care) everything stays in memory. Workers use it
/// for different objects at once: what was restored is guarded by a lock; each object's file is
/// written by the worker holding its key.
/// </summary>
internal sealed partial class StatusShelf
{
    private readonly string _kind;
    private readonly Func<(IReadOnlyDictionary<string, SavedStatus> Saved, IReadOnlyList<string> Problems)> _load;
    private readonly Action<string, SavedStatus> _save;
    private readonly Action<string> _delete;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SavedStatus> _restored = new(StringComparer.Ordinal);

    private StatusShelf(
        string kind,
        Func<(IReadOnlyDictionary<string, SavedStatus>, IReadOnlyList<string>)> load,
        Action<string, SavedStatus> save,
        Action<string> delete,
        ILogger logger)
    {
        _kind = kind;
        _load = load;
        _save = save;
        _delete = delete;
        _logger = logger;
    }

    public static StatusShelf Tunnels(StatusStore? store, ILogger logger) => store is null
        ? InMemory("tunnel", logger)
        : new StatusShelf("tunnel", store.LoadTunnels, store.SaveTunnel, store.DeleteTunnel, logger);

    public static StatusShelf Proxies(StatusStore? store, ILogger logger) => store is null
        ? InMemory("proxy", logger)
        : new StatusShelf("proxy", store.LoadProxies, store.SaveProxy, store.DeleteProxy, logger);

    /// <summary>
    /// Loads the saved status of every object in <paramref name="existing"/> (declared, or still on
    /// the host); status saved for anything else belongs to an object removed meanwhile and is deleted.
    /// </summary>
    public void Restore(IReadOnlySet<string> existing)
    {
        var (saved, problems) = _load();
        foreach (var problem in problems)
        {
            LogUnreadable(_logger, problem);
        }

        foreach (var (name, status) in saved)
        {
            if (existing.Contains(name))
            {
                lock (_gate)
                {
                    _restored[name] = status;
                }
            }
            else
            {
                Forget(name);
            }
        }
    }

    /// <summary>Gives a track seen for the first time what a previous daemon saved of it, if anything.</summary>
    public void TakeUp(ObjectTrack track)
    {
        SavedStatus? saved;
        lock (_gate)
        {
            _restored.Remove(track.Name, out saved);
        }

        if (saved is not null)
        {
            track.Restore(saved);
        }
    }

    /// <summary>Saves the track's status if it changed since it was last saved; a failed write is retried next time.</summary>
    public void Save(ObjectTrack track)
    {
        var current = track.Snapshot();
        if (current.SameAs(track.Saved))
        {
            return;
        }

        try
        {
            _save(track.Name, current);
            track.Saved = current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(_logger, _kind, track.Name, ex.Message);
        }
    }

    /// <summary>Deletes the saved status of an object that is gone.</summary>
    public void Forget(string name)
    {
        lock (_gate)
        {
            _restored.Remove(name);
        }

        try
        {
            _delete(name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(_logger, _kind, name, ex.Message);
        }
    }

    private static StatusShelf InMemory(string kind, ILogger logger) =>
        new(kind, () => (new Dictionary<string, SavedStatus>(), []), (_, _) => { }, _ => { }, logger);

    [LoggerMessage(1211, LogLevel.Warning, "saved status: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string problem);

    [LoggerMessage(1212, LogLevel.Warning, "{Kind} {Name}: saving its status failed: {Error}")]
    private static partial void LogSaveFailed(ILogger logger, string kind, string name, string error);
}
