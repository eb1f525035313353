namespace Tunmux.ProxyWorker;

/// <summary>
/// Where the worker executable is: beside tunmux, as the native <c>tunmux-proxy-worker</c> (the
/// published build) or as <c>tunmux-proxy-worker.dll</c> run by the dotnet host (the JIT build
/// used in development and unit tests).
/// </summary>
public static class WorkerLocation
{
    public const string AssemblyName = "tunmux-proxy-worker";

    /// <summary>The port-forward keeper's executable, found beside tunmux the same way.</summary>
    public const string PortKeeperAssemblyName = "tunmux-port-keeper";

    /// <summary>
    /// The argv that starts a worker from <paramref name="directory"/>, before its options; null
    /// when no worker is there. <paramref name="dotnetHost"/> is the dotnet host running this
    /// process, or null for a native process. <paramref name="assemblyName"/> picks the executable
    /// (the proxy worker's by default, or <see cref="PortKeeperAssemblyName"/>).
    /// </summary>
    public static IReadOnlyList<string>? Argv(string directory, string? dotnetHost, string assemblyName = AssemblyName)
    {
        var native = Path.Combine(directory, assemblyName);
        if (dotnetHost is null && File.Exists(native))
        {
            return [native];
        }

        var managed = Path.Combine(directory, assemblyName + ".dll");
        var runtimeConfig = Path.Combine(directory, assemblyName + ".runtimeconfig.json");
        return dotnetHost is not null && File.Exists(managed) && File.Exists(runtimeConfig) ? [dotnetHost, managed] : null;
    }

    /// <summary>The dotnet host running this process, or null when the process is a native executable.</summary>
    public static string? DotnetHost() =>
        Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : null;

    /// <summary>The argv that runs this worker process again.</summary>
    public static IReadOnlyList<string> Self() =>
        Argv(AppContext.BaseDirectory, DotnetHost()) ?? [Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where the worker runs from")];
}
