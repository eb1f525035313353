namespace Tunmux.EndToEnd.Tests.Kubernetes;

/// <summary>
/// Finds tunmux-agent, the executable `tunmux daemon --kubernetes` hands over to (the Kubernetes
/// client library needs the JIT, so it is not part of the Native AOT publish): TUNMUX_AGENT_BIN,
/// else the build next to these tests (built first through the project reference).
/// </summary>
public static class AgentBinary
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TUNMUX_AGENT_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // tests/Tunmux.EndToEnd.Tests/bin/<Configuration>/net10.0 -> src/Tunmux.Agent/bin/<Configuration>/net10.0/tunmux-agent
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var repo = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var candidate = System.IO.Path.Combine(repo, "src", "Tunmux.Agent", "bin", configuration, "net10.0", "tunmux-agent");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"tunmux-agent not found at {candidate}; build the solution or set TUNMUX_AGENT_BIN");
    }
}
