using Tunmux.Api;
using Tunmux.Api.Files;
using Tunmux.Api.Model;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// Manifest files travel with a forwarded command: the client reads them as the user it
/// runs as (so the daemon never opens a path on a client's behalf), the daemon loads the
/// texts under their original names so errors still point at the user's files.
/// </summary>
public static class ForwardedFiles
{
    /// <summary>Client side: path -> text for every manifest a -f path names (a file, or a folder's *.yaml/*.yml).</summary>
    public static Dictionary<string, string> Read(IEnumerable<string> paths)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            if (File.Exists(path))
            {
                TryAdd(files, path);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
                {
                    TryAdd(files, file);
                }
            }
        }

        return files;
    }

    /// <summary>
    /// Only regular files within the size cap travel; one that cannot be read is left out and the
    /// daemon reports it missing (the client may not read it, so neither may the daemon on its behalf).
    /// </summary>
    private static void TryAdd(Dictionary<string, string> files, string path)
    {
        if (ReferencedFile.TryReadAllText(path, out var text, out _))
        {
            files[path] = text;
        }
    }

    /// <summary>Daemon side: loads the -f paths from the texts the client sent, as one validated set.</summary>
    public static ManifestSet Load(IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> files)
    {
        var objects = new List<ManifestObject>();
        var errors = new List<ManifestError>();
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            var matching = files.Where(f => f.Key == path || Path.GetDirectoryName(f.Key) == path).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            if (matching.Count == 0)
            {
                errors.Add(new ManifestError(new SourcePosition(path, 1, 1), "", "no such file or folder"));
            }

            foreach (var (file, text) in matching)
            {
                var set = ManifestLoader.LoadText(text, file, Path.GetDirectoryName(file));
                objects.AddRange(set.Objects);
                errors.AddRange(set.Errors);
            }
        }

        return errors.Count > 0 ? new ManifestSet(objects, errors) : ManifestValidator.Validate(new ManifestSet(objects, []));
    }
}
