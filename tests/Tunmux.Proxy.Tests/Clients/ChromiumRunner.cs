using Tunmux.Proxy.Tests.Infrastructure;

namespace Tunmux.Proxy.Tests.Clients;

/// <summary>Headless Chromium (Debian package "chromium") loading one page through a proxy and printing its DOM.</summary>
internal static class ChromiumRunner
{
    public const string MissingMessage =
        "chromium is not installed: apt-get install chromium (the Debian package; scripts/install-deps.sh --test should list it)";

    /// <summary>The browser binary, or null when it is not installed.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>
    /// Loads <paramref name="url"/> through <paramref name="proxy"/> and returns the DOM after the load event
    /// (scripts have run). Loopback is not bypassed, and the browser's own resolver is switched off, so
    /// every request, and every name, goes to the proxy.
    /// </summary>
    public static async Task<ProcessResult> DumpDomAsync(string proxy, string url)
    {
        var profile = Directory.CreateTempSubdirectory("tunmux-chromium-");
        try
        {
            string[] arguments =
            [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-pings",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                $"--user-data-dir={profile.FullName}",
                $"--proxy-server={proxy}",
                "--proxy-bypass-list=<-loopback>",
                "--dump-dom",
                url,
            ];
            return await ExternalProcess.RunAsync(Executable ?? throw new InvalidOperationException(MissingMessage), arguments,
                timeout: TimeSpan.FromSeconds(90));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}
