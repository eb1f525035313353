using System.Collections.Concurrent;

namespace Tunmux.Runtime.State;

/// <summary>
/// What a record file held the last time it was read, reused while its size and modification
/// time stay the same: the daemon reads every record for every key it reconciles, and opening
/// and parsing a hundred files fifty times a pass costs more than the rest of a no-op pass.
/// A file whose modification time was within <see cref="RacyWindow"/> of its reading is read
/// again next time (as git treats "racily clean" files): file times advance in coarse steps,
/// so a second write in the same step could otherwise leave the time unchanged.
/// </summary>
internal sealed class RecordFileCache(TimeProvider time)
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The outcome of reading <paramref name="file"/>: cached when the file is unchanged, else from <paramref name="read"/>.</summary>
    public RecordFileOutcome Get(FileInfo file, Func<RecordFileOutcome> read)
    {
        var seenAt = time.GetUtcNow().UtcDateTime;
        var modified = file.LastWriteTimeUtc;
        var length = file.Length;
        if (_entries.TryGetValue(file.FullName, out var cached) && cached.Modified == modified && cached.Length == length)
        {
            return cached.Outcome;
        }

        var outcome = read();
        if (modified < seenAt - RacyWindow)
        {
            _entries[file.FullName] = new Entry(modified, length, outcome);
        }
        else
        {
            _entries.TryRemove(file.FullName, out _);
        }

        return outcome;
    }

    /// <summary>Forgets files of <paramref name="directory"/> that are no longer there.</summary>
    public void Retain(string directory, IReadOnlySet<string> present)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        foreach (var path in _entries.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && !present.Contains(path))
            {
                _entries.TryRemove(path, out _);
            }
        }
    }

    private sealed record Entry(DateTime Modified, long Length, RecordFileOutcome Outcome);
}

/// <summary>A record file read: the record, or why it was ignored.</summary>
internal sealed record RecordFileOutcome(object? Record, string? Problem);
