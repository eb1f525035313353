namespace Tunmux.Providers.Storage;

/// <summary>
/// Where a provider's sessions, keys and caches live: the user's config folder for
/// interactive use (as the original tunmux: ~/.config/tunmux/PROVIDER), or the daemon's state
/// folder (STATE_DIR/providers/PROVIDER). TUNMUX_CONFIG_DIR moves the first, for tests.
/// </summary>
public static class ProviderDirectories
{
    public static string ForUser(string provider, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = Runtime.Settings.Config.TunmuxConfigFile.UserDirectory(environment);
        return Path.Combine(root, provider);
    }

    public static string ForDaemon(string stateDir, string provider) => Path.Combine(stateDir, "providers", provider);
}
