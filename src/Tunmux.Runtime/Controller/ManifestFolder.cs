using Tunmux.Api;
using Tunmux.Api.Files;
using Tunmux.Api.Model;
using Tunmux.Api.Yaml;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// A GitOps folder: its *.yaml files are the complete desired set. Each file is read on its
/// own; a file that does not load keeps its last good objects (and its errors are reported),
/// a file that disappears takes its objects with it.
/// </summary>
public sealed class ManifestFolder(string directory) : IDeclaredSource
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private ManifestError? _tooManyFiles;

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Name => Directory;

    public IReadOnlyList<ManifestObject> Objects =>
        _files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value.LastGood).ToList();

    /// <summary>Errors of files whose current content did not load; their last good objects stay.</summary>
    public IReadOnlyList<ManifestError> Errors =>
        (_tooManyFiles is { } tooMany ? [tooMany] : Array.Empty<ManifestError>()).Concat(_files.Values.SelectMany(f => f.Errors)).ToList();

    /// <summary>Reads every file again; true when the set of objects or errors changed.</summary>
    public bool Reload()
    {
        var before = Fingerprint();
        var listed = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory).Where(IsManifest).Order(StringComparer.Ordinal).ToList()
            : [];
        _tooManyFiles = listed.Count > YamlLimits.MaxFilesPerFolder
            ? new ManifestError(new SourcePosition(Directory, 1, 1), "",
                $"more than {YamlLimits.MaxFilesPerFolder} manifest files; only the first {YamlLimits.MaxFilesPerFolder} in name order are read")
            : null;
        var present = listed.Take(YamlLimits.MaxFilesPerFolder).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _files.Keys.Where(f => !present.Contains(f)).ToList())
        {
            _files.Remove(gone);
        }

        foreach (var file in present)
        {
            string text;
            try
            {
                text = ReferencedFile.ReadAllText(file);
            }
            catch (ReferencedFileException ex) when (File.Exists(file))
            {
                // Not a regular file, or past the size cap: reported like a load error, nothing acted on.
                _files[file] = new FileState(Text: "", LastGood: _files.GetValueOrDefault(file)?.LastGood ?? [],
                    Errors: [new ManifestError(new SourcePosition(file, 1, 1), "", $"cannot read: {ex.Message}")]);
                continue;
            }
            catch (IOException)
            {
                continue; // being written or just removed: the watcher fires again
            }

            if (_files.TryGetValue(file, out var known) && known.Text == text)
            {
                continue;
            }

            // An editor or `cp` truncates before it writes: an empty read of a file that had
            // objects is a write in progress, not a request to tear them down (delete the file
            // for that). The watcher fires again once the content is there.
            if (known is { LastGood.Count: > 0 } && string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var loaded = ManifestValidator.Validate(ManifestLoader.LoadText(text, file, Directory));
            var lastGood = loaded.IsValid ? loaded.Objects : known?.LastGood ?? [];
            _files[file] = new FileState(text, lastGood, loaded.Errors);
        }

        return Fingerprint() != before;
    }

    public IDisposable? Watch(Action changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        System.IO.Directory.CreateDirectory(Directory);
        var watcher = new FileSystemWatcher(Directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        void OnEvent(object? sender, EventArgs e)
        {
            lock (_gate)
            {
                if (Reload())
                {
                    changed();
                }
            }
        }

        watcher.Changed += OnEvent;
        watcher.Created += OnEvent;
        watcher.Deleted += OnEvent;
        watcher.Renamed += OnEvent;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private string Fingerprint() =>
        (_tooManyFiles is null ? "" : "too many files\n") + string.Join('\n', _files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key}:{f.Value.Text.GetHashCode(StringComparison.Ordinal)}:{f.Value.Errors.Count}"));

    private static bool IsManifest(string path) =>
        (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
        && !Path.GetFileName(path).StartsWith('.');

    private sealed record FileState(string Text, IReadOnlyList<ManifestObject> LastGood, IReadOnlyList<ManifestError> Errors);
}
