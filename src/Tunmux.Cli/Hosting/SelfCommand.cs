namespace Tunmux.Cli.Hosting;

/// <summary>The argv that runs this same tunmux again (for proxy workers and lab servers).</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Argv()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where tunmux runs from");
        // Run as `dotnet tunmux.dll`: the process is the dotnet host, the program is the entry assembly.
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            var assembly = System.Reflection.Assembly.GetEntryAssembly()?.Location
                ?? throw new InvalidOperationException("cannot locate tunmux.dll");
            return [process, assembly];
        }

        return [process];
    }
}
