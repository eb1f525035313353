namespace Tunmux.Linux.Processes;

/// <summary>Files of a helper under the run folder, named after its object.</summary>
internal static class RunFiles
{
    /// <summary>FOLDER/NAME+SUFFIX; a name that could climb out of the folder is refused.</summary>
    public static string Path(string folder, string kind, string name, string suffix) =>
        name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\0']) >= 0
            ? throw new ArgumentException($"{kind} name '{name}' cannot be used as a file name", nameof(name))
            : System.IO.Path.Combine(folder, name + suffix);
}
