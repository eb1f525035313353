using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Protocol;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// What a request to the daemon carries for -f paths: each manifest file's text, and the content of
/// every file those manifests name, all read here as the calling user. The daemon opens none of them.
/// </summary>
public sealed record ClientManifests(IReadOnlyList<ManifestText> Manifests, IReadOnlyList<ReferencedFile> Files, IReadOnlyList<ManifestError> Errors)
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml"];

    /// <param name="withReferences">False for delete, which needs the objects' names only.</param>
    public static ClientManifests Read(IEnumerable<string> paths, bool withReferences)
    {
        var manifests = new List<ManifestText>();
        var errors = new List<ManifestError>();
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
                : [path];
            foreach (var file in files)
            {
                var (text, problem) = ReferencedFileReader.Read(file);
                if (text is null)
                {
                    errors.Add(new ManifestError(new SourcePosition(file, 1, 1), "", File.Exists(file) ? $"cannot read: {problem}" : "no such file or folder"));
                    continue;
                }

                manifests.Add(new ManifestText(file, text));
            }
        }

        var referenced = new Dictionary<string, ReferencedFile>(StringComparer.Ordinal);
        if (withReferences && errors.Count == 0)
        {
            foreach (var manifest in manifests)
            {
                var loaded = ManifestLoader.LoadText(manifest.Text, manifest.Path);
                foreach (var reference in loaded.Objects.SelectMany(ReferencedFiles.Of))
                {
                    if (!referenced.ContainsKey(reference.Path))
                    {
                        var (content, problem) = ReferencedFileReader.Read(reference.Path);
                        referenced[reference.Path] = new ReferencedFile(reference.Path, content, problem);
                    }
                }
            }
        }

        return new ClientManifests(manifests, referenced.Values.ToList(), errors);
    }
}
