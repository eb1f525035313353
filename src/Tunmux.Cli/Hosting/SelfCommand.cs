namespace Tunmux.Cli.Hosting;

/// <summary>The argv that runs this same tunmux again (for proxy workers and lab servers).</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Argv()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where tunmux runs from");
        // Run as `dotnet tunmux.dll`: the process is the dotnet host, the program sits beside this code.
        // (The native build is one file: ProcessPath is tunmux itself.)
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            return [process, Path.Combine(AppContext.BaseDirectory, "tunmux.dll")];
        }

        return [process];
    }
}
