using System.CommandLine;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;

namespace Tunmux.Cli.Commands;

/// <summary>The -f option shared by apply, diff and delete.</summary>
public static class ManifestInput
{
    /// <summary>The option; its paths come out absolute, as meant where the command was started.</summary>
    public static Option<string[]> FileOption(bool required) => new Option<string[]>("--filename", "-f")
    {
        Description = "A manifest file or a folder of *.yaml files; repeat for more.",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    }.AsPaths();

    /// <summary>Loads and validates every path as one set; the set is valid only if all of it is.</summary>
    public static ManifestSet Load(IEnumerable<string> paths)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p))
            .Select(p => new ManifestError(new SourcePosition(p, 1, 1), "", "no such file or folder"))
            .ToList();
        if (missing.Count > 0)
        {
            return new ManifestSet([], missing);
        }

        return ManifestValidator.Validate(ManifestLoader.LoadPaths(paths));
    }
}
