using Microsoft.Extensions.Logging;
using Tunmux.Linux.Logging;

namespace Tunmux.Linux.Build;

/// <summary>
/// What a half-built tunnel must undo, newest first. Each finished step pushes its undo;
/// a later step can dismiss an earlier undo that no longer applies (a moved interface
/// is deleted with its namespace). Undo failures are logged, never thrown, so the rest
/// still runs.
/// </summary>
internal sealed class UndoStack(ILogger logger)
{
    private readonly List<Entry> _entries = [];

    public Entry Push(string description, Func<Task> undo)
    {
        var entry = new Entry(description, undo);
        _entries.Add(entry);
        return entry;
    }

    public async Task RollbackAsync()
    {
        for (var index = _entries.Count - 1; index >= 0; index--)
        {
            var entry = _entries[index];
            if (entry.Dismissed)
            {
                continue;
            }

            try
            {
                await entry.Undo().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LinuxLog.UndoFailed(logger, entry.Description, ex.Message);
            }
        }

        _entries.Clear();
    }

    internal sealed class Entry(string description, Func<Task> undo)
    {
        public string Description { get; } = description;

        public Func<Task> Undo { get; } = undo;

        public bool Dismissed { get; private set; }

        public void Dismiss() => Dismissed = true;
    }
}
