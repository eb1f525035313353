using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Daemon.Control.Protocol;

namespace Tunmux.Daemon.Control.Handling;

/// <summary>
/// Manifests as a client sent them: loaded from their texts (the daemon opens none of the paths),
/// validated, and with every referenced file pointed at the daemon's copy of the content the
/// client read. A reference the client sent no content for is an error at its field.
/// </summary>
public static class ForwardedManifests
{
    public static ManifestSet Load(IReadOnlyList<ManifestText> manifests)
    {
        var objects = new List<ManifestObject>();
        var errors = new List<ManifestError>();
        foreach (var manifest in manifests)
        {
            // The folder only resolves relative references, as text: nothing is opened there.
            var set = ManifestLoader.LoadText(manifest.Text, manifest.Path, Path.GetDirectoryName(manifest.Path) ?? "/");
            objects.AddRange(set.Objects);
            errors.AddRange(set.Errors);
        }

        return errors.Count > 0 ? new ManifestSet(objects, errors) : ManifestValidator.Validate(new ManifestSet(objects, []));
    }

    /// <summary>Points every referenced file of <paramref name="set"/> at the store's copy of what the client sent.</summary>
    public static ManifestSet AttachFiles(ManifestSet set, IReadOnlyList<ReferencedFile> files, ForwardedFileStore store)
    {
        var sent = new Dictionary<string, ReferencedFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            sent[file.Path] = file;
        }

        var errors = new List<ManifestError>(set.Errors);
        var objects = set.Objects.Select(manifest => ReferencedFiles.Rewrite(manifest, (field, path) =>
        {
            if (!sent.TryGetValue(path, out var file))
            {
                errors.Add(Error(manifest, field, $"{path}: the client sent no content for this file (clients read the files a manifest names and send them)"));
                return path;
            }

            if (file.Content is not { } content)
            {
                errors.Add(Error(manifest, field, $"cannot read {path}: {file.Problem}"));
                return path;
            }

            return store.Put(content);
        })).ToList();
        return new ManifestSet(objects, errors);
    }

    private static ManifestError Error(ManifestObject manifest, string field, string message) =>
        new(manifest.Source?.PositionOf(field) ?? new SourcePosition("<unknown>", 1, 1), field, message) { Subject = manifest.KindAndName };
}
