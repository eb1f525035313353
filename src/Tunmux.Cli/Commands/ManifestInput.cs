using System.CommandLine;
using Tunmux.Api;
using Tunmux.Api.Model;

namespace Tunmux.Cli.Commands;

/// <summary>The -f option shared by apply, diff and delete.</summary>
public static class ManifestInput
{
    public static Option<string[]> FileOption(bool required) => new("--filename", "-f")
    {
        Description = "A manifest file or a folder of *.yaml files; repeat for more.",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Loads and validates every path; the set is valid only if all of it is.</summary>
    public static ManifestSet Load(IEnumerable<string> paths)
    {
        var objects = new List<ManifestObject>();
        var errors = new List<ManifestError>();
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                errors.Add(new ManifestError(new SourcePosition(path, 1, 1), "", "no such file or folder"));
                continue;
            }

            var set = ManifestLoader.LoadPath(path);
            objects.AddRange(set.Objects);
            errors.AddRange(set.Errors);
        }

        if (errors.Count == 0)
        {
            errors.AddRange(ManifestValidator.Validate(objects));
        }

        return new ManifestSet(objects, errors);
    }
}
