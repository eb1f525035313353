namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds the tunmux executable the tests run: TUNMUX_BIN, else the Native AOT publish in
/// artifacts/native (what scripts/test.sh and CI build), else the JIT build next to these tests.
/// </summary>
public static class TunmuxBinary
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TUNMUX_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // tests/Tunmux.EndToEnd.Tests/bin/<Configuration>/net10.0 -> src/Tunmux.Cli/bin/<Configuration>/net10.0/tunmux
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var repo = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var native = System.IO.Path.Combine(repo, "artifacts", "native", "tunmux");
        if (File.Exists(native))
        {
            return native;
        }

        var candidate = System.IO.Path.Combine(repo, "src", "Tunmux.Cli", "bin", configuration, "net10.0", "tunmux");
        if (!File.Exists(candidate))
        {
            throw new FileNotFoundException($"tunmux binary not found at {candidate}; build the solution or set TUNMUX_BIN");
        }

        return candidate;
    }
}
