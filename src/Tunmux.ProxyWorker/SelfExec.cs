using System.Collections;
using System.Runtime.InteropServices;

namespace Tunmux.ProxyWorker;

/// <summary>
/// Replaces this process with another run of tunmux or its worker (execve): the same PID, descriptors and
/// namespaces, a fresh runtime. Runtime settings that are read once at start-up (thread counts,
/// thread-pool behaviour) can only be given to a process this way or by whoever starts it.
/// </summary>
public static partial class SelfExec
{
    /// <summary>
    /// True when this process is a tunmux program itself, the CLI or the worker (not, say, a test
    /// host that runs the CLI in-process): only then is replacing it what the caller means.
    /// </summary>
    public static bool IsTunmuxProcess => System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name is "tunmux" or WorkerLocation.AssemblyName;

    /// <summary>
    /// Runs <paramref name="argv"/> in place of this process, with this process's environment plus
    /// <paramref name="extraEnvironment"/>. Returns only if that failed, with the reason.
    /// </summary>
    public static string Exec(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(extraEnvironment);
        var environment = new List<string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (!extraEnvironment.ContainsKey((string)entry.Key))
            {
                environment.Add($"{entry.Key}={entry.Value}");
            }
        }

        environment.AddRange(extraEnvironment.Select(setting => $"{setting.Key}={setting.Value}"));
        environment.Add(null);
        Console.Out.Flush();
        Console.Error.Flush();
        _ = execve(argv[0], [.. argv, null], [.. environment]);
        return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execve(string path, string?[] argv, string?[] envp);
}
