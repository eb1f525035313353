using Tunmux.Api.Files;
using Tunmux.Api.Loading;
using Tunmux.Api.Model;
using Tunmux.Api.Yaml;

namespace Tunmux.Api;

/// <summary>
/// Reads manifests from YAML: every document of every file, with every problem reported at once
/// (file:line:column and field path). Objects with any binding error are left out of the set; their
/// errors carry <see cref="ManifestError.Subject"/>. Semantic checks are <see cref="ManifestValidator"/>'s.
/// </summary>
public static class ManifestLoader
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml"];

    /// <summary>A file, or a folder: every *.yaml and *.yml directly in it, in name order.</summary>
    public static ManifestSet LoadPath(string path)
    {
        if (File.Exists(path))
        {
            return LoadFile(path);
        }

        if (!Directory.Exists(path))
        {
            return Failed(path, "no such file or folder");
        }

        var files = Directory.EnumerateFiles(path)
            .Where(f => ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var loaded = Combine(files.Take(YamlLimits.MaxFilesPerFolder).Select(LoadFile));
        return files.Count <= YamlLimits.MaxFilesPerFolder
            ? loaded
            : Combine([loaded, Failed(path, $"more than {YamlLimits.MaxFilesPerFolder} manifest files in the folder")]);
    }

    /// <summary>Several files or folders (each as <see cref="LoadPath"/>) as one set, e.g. for repeated <c>-f</c> options.</summary>
    public static ManifestSet LoadPaths(IEnumerable<string> paths) => Combine(paths.Select(LoadPath));

    /// <summary>
    /// Loads YAML text. <paramref name="fileName"/> names it in errors; relative file paths in the manifests
    /// are resolved against <paramref name="baseDirectory"/> (default: the folder of <paramref name="fileName"/>).
    /// </summary>
    public static ManifestSet LoadText(string text, string fileName, string? baseDirectory = null)
    {
        var folder = baseDirectory is not null ? Path.GetFullPath(baseDirectory)
            : fileName.Length == 0 ? Directory.GetCurrentDirectory()
            : Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();
        var yaml = YamlDocumentReader.Read(text, fileName);
        var objects = new List<ManifestObject>();
        var rejected = new List<RejectedObject>();
        var errors = new List<ManifestError>();
        foreach (var document in yaml.Documents.Where(d => d is not YamlScalar { Kind: ScalarKind.Null }))
        {
            var bound = DocumentBinder.Bind(document, fileName, folder);
            errors.AddRange(bound.Errors);
            if (bound.Object is { } manifest)
            {
                objects.Add(manifest);
            }

            if (bound.Rejected is { } partial)
            {
                rejected.Add(partial);
            }
        }

        if (yaml.SyntaxError is { } syntaxError)
        {
            errors.Add(syntaxError);
        }

        var inReadingOrder = errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column).ToArray();
        return new ManifestSet(objects, inReadingOrder) { Rejected = rejected };
    }

    private static ManifestSet LoadFile(string file)
    {
        string text;
        try
        {
            text = ReferencedFile.ReadAllText(file);
        }
        catch (ReferencedFileException e)
        {
            return Failed(file, $"cannot read: {e.Message}");
        }

        return LoadText(text, file);
    }

    private static ManifestSet Combine(IEnumerable<ManifestSet> sets)
    {
        var all = sets.ToList();
        return new ManifestSet(all.SelectMany(s => s.Objects).ToArray(), all.SelectMany(s => s.Errors).ToArray())
        {
            Rejected = all.SelectMany(s => s.Rejected).ToArray(),
        };
    }

    private static ManifestSet Failed(string path, string message) =>
        new([], [new ManifestError(new SourcePosition(path, 1, 1), "", message)]);
}
