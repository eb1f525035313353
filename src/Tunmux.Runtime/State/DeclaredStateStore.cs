using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Files;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.State;

/// <summary>
/// The declared state: every object applied and not deleted, kept as one YAML file (the
/// "last applied" set). File references in it are absolute, so it reloads from anywhere.
/// Reconciling always works from this whole set, never from a single command's input.
/// Each object keeps who declared it (<see cref="DeclaredOwner"/>); one stored without reads as root's.
/// </summary>
public sealed class DeclaredStateStore(TunmuxPaths paths)
{
    public string Path => paths.DeclaredStateFile;

    /// <summary>The state lock every change to the declared set and the host is made under.</summary>
    public string LockFile => paths.LockFile;

    public ManifestSet Load()
    {
        var file = paths.DeclaredStateFile;
        try
        {
            if (StateFile.TryReadText(file) is not { } text)
            {
                return ManifestSet.Empty;
            }

            var loaded = ManifestLoader.LoadText(text, file, paths.StateDir);
            return loaded with { Objects = [.. loaded.Objects.Select(DeclaredOwner.FromStored)] };
        }
        catch (StateFileException ex)
        {
            return new ManifestSet([], [new ManifestError(new SourcePosition(file, 1, 1), "", $"cannot read: {ex.Message}")]);
        }
    }

    public void Save(IReadOnlyList<ManifestObject> objects)
    {
        if (objects.Count == 0)
        {
            if (File.Exists(paths.DeclaredStateFile))
            {
                File.Delete(paths.DeclaredStateFile);
            }

            return;
        }

        var ordered = objects.OrderBy(o => o.Kind == TunnelManifest.KindName ? 0 : 1).ThenBy(o => o.Name, StringComparer.Ordinal);
        StateFile.WriteText(paths.DeclaredStateFile, ManifestWriter.ToYaml(ordered.Select(DeclaredOwner.ToStored)));
    }
}
