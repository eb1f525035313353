using Tunmux.ProxyWorker;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// `tunmux daemon --kubernetes` in a tunmux binary without the Kubernetes extension: the process
/// becomes tunmux-agent from the same folder with the same arguments (execve keeps the PID, so
/// the container's signals and exit code are the agent's).
/// </summary>
internal static class DaemonHandover
{
    public const string AgentExecutable = "tunmux-agent";

    public static bool Wants(IReadOnlyList<string> args) =>
        args.Count > 0 && args[0] == "daemon" && args.Contains("--kubernetes", StringComparer.Ordinal);

    /// <summary>Only returns when the agent could not be started: the reason, for the error message.</summary>
    public static string Exec(IReadOnlyList<string> args)
    {
        var folder = Path.GetDirectoryName(Environment.ProcessPath) ?? AppContext.BaseDirectory;
        var agent = Path.Combine(folder, AgentExecutable);
        if (!File.Exists(agent))
        {
            return $"the Kubernetes agent runs as {AgentExecutable}, which is not installed beside {Environment.ProcessPath}";
        }

        return SelfExec.Exec([agent, .. args], new Dictionary<string, string>());
    }
}
