using Tunmux.Core.Model;
using System.Text.RegularExpressions;
using Tunmux.Api.Model;

namespace Tunmux.Runtime.Settings.Config;

/// <summary>The TOML types config.toml's keys take.</summary>
internal enum TomlKind
{
    String,
    Boolean,
    Integer,
}

/// <summary>One known key: its type and how its value lands in the config (or why it cannot).</summary>
/// <param name="Apply">Returns the changed config, or an error about the value (its position is added by the caller).</param>
internal sealed record ConfigKey(TomlKind Kind, Func<TunmuxConfig, object, (TunmuxConfig Config, string? Error)> Apply);

/// <summary>
/// Every table and key config.toml may hold. Anything else is an error, so a typo never falls
/// back to a default silently. Pure: no I/O.
/// </summary>
internal static partial class ConfigSchema
{
    /// <summary>A timeout longer than an hour is a typo (the unit is milliseconds).</summary>
    private const long MaxTimeoutMs = 3_600_000;

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, ConfigKey>> Tables =
        new Dictionary<string, IReadOnlyDictionary<string, ConfigKey>>(StringComparer.Ordinal)
        {
            ["general"] = new Dictionary<string, ConfigKey>(StringComparer.Ordinal)
            {
                ["backend"] = Choice<BackendKind>((c, v) => c with { General = c.General with { Backend = v } }),
                ["credential_store"] = Choice<CredentialStoreKind>((c, v) => c with { General = c.General with { CredentialStore = v } }),
                ["proxy_access_log"] = Flag((c, v) => c with { General = c.General with { ProxyAccessLog = v } }),
                ["privileged_transport"] = Choice<PrivilegedTransport>((c, v) => c with { General = c.General with { PrivilegedTransport = v } }),
                ["privileged_autostart"] = Flag((c, v) => c with { General = c.General with { PrivilegedAutostart = v } }),
                ["privileged_autostart_timeout_ms"] = Milliseconds((c, v) => c with { General = c.General with { PrivilegedAutostartTimeout = v } }),
                ["privileged_authorized_group"] = Text(GroupName, "a group name such as tunmux", (c, v) => c with { General = c.General with { PrivilegedAuthorizedGroup = v } }),
                ["privileged_autostop_mode"] = Choice<AutostopMode>((c, v) => c with { General = c.General with { PrivilegedAutostopMode = v } }),
                ["privileged_autostop_timeout_ms"] = Milliseconds((c, v) => c with { General = c.General with { PrivilegedAutostopTimeout = v } }),
            },
            ["proton"] = Provider((c, d) => c with { Proton = d(c.Proton) }, withDevice: false),
            ["airvpn"] = Provider((c, d) => c with { AirVpn = d(c.AirVpn) }, withDevice: true),
            ["mullvad"] = Provider((c, d) => c with { Mullvad = d(c.Mullvad) }, withDevice: false),
            ["daemon"] = new Dictionary<string, ConfigKey>(StringComparer.Ordinal)
            {
                ["manifests"] = Path((c, v) => c with { Daemon = c.Daemon with { Manifests = v } }),
                ["socket"] = Path((c, v) => c with { Daemon = c.Daemon with { Socket = v } }),
                ["group"] = Text(GroupName, "a group name such as tunmux", (c, v) => c with { Daemon = c.Daemon with { Group = v } }),
                ["metrics"] = Text(NotEmpty, "ADDRESS:PORT or off", (c, v) => c with { Daemon = c.Daemon with { Metrics = v } }),
                ["resync"] = Text(NotEmpty, "a duration such as 30s", (c, v) => c with { Daemon = c.Daemon with { Resync = v } }),
                ["poll"] = Text(NotEmpty, "a duration such as 500ms", (c, v) => c with { Daemon = c.Daemon with { Poll = v } }),
                ["workers"] = new ConfigKey(TomlKind.Integer, (c, v) => (long)v is >= 1 and <= 64
                    ? (c with { Daemon = c.Daemon with { Workers = (int)(long)v } }, null)
                    : (c, "must be between 1 and 64")),
                ["teardown_on_stop"] = Flag((c, v) => c with { Daemon = c.Daemon with { TeardownOnStop = v } }),
                ["handshake_max_age"] = Text(NotEmpty, "a duration such as 180s", (c, v) => c with { Daemon = c.Daemon with { HandshakeMaxAge = v } }),
                ["handshake_grace"] = Text(NotEmpty, "a duration such as 30s", (c, v) => c with { Daemon = c.Daemon with { HandshakeGrace = v } }),
                ["degraded_confirmation"] = Text(NotEmpty, "a duration such as 10s", (c, v) => c with { Daemon = c.Daemon with { DegradedConfirmation = v } }),
                ["stable_after"] = Text(NotEmpty, "a duration such as 2m", (c, v) => c with { Daemon = c.Daemon with { StableAfter = v } }),
                ["reconnects_before_failover"] = new ConfigKey(TomlKind.Integer, (c, v) => (long)v is >= 0 and <= 1000
                    ? (c with { Daemon = c.Daemon with { ReconnectsBeforeFailover = (int)(long)v } }, null)
                    : (c, "must be between 0 and 1000")),
                ["log_format"] = Text(v => v is "text" or "json", "text or json", (c, v) => c with { Daemon = c.Daemon with { LogFormat = v } }),
                ["state_dir"] = Path((c, v) => c with { Daemon = c.Daemon with { StateDir = v } }),
            },
        };

    private static Dictionary<string, ConfigKey> Provider(Func<TunmuxConfig, Func<ProviderDefaults, ProviderDefaults>, TunmuxConfig> set, bool withDevice)
    {
        var keys = new Dictionary<string, ConfigKey>(StringComparer.Ordinal)
        {
            ["default_country"] = new ConfigKey(TomlKind.String, (c, v) => CountryCode().IsMatch((string)v)
                ? (set(c, d => d with { DefaultCountry = ((string)v).ToUpperInvariant() }), null)
                : (c, "expected two letters such as CH")),
        };
        if (withDevice)
        {
            keys["default_device"] = Text(NotEmpty, "a device name", (c, v) => set(c, d => d with { DefaultDevice = v }));
        }

        return keys;
    }

    private static ConfigKey Choice<T>(Func<TunmuxConfig, T, TunmuxConfig> set)
        where T : struct, Enum
    {
        // Spelled as in manifests: BackendKind.WgQuick is "wg-quick".
        var names = Enum.GetValues<T>().ToDictionary(
            v => (object)v is Core.Model.BackendKind.WgQuick ? "wg-quick" : v.ToString().ToLowerInvariant(), v => v, StringComparer.Ordinal);
        return new ConfigKey(TomlKind.String, (c, v) => names.TryGetValue((string)v, out var value)
            ? (set(c, value), null)
            : (c, $"expected one of {string.Join(", ", names.Keys)}"));
    }

    private static ConfigKey Flag(Func<TunmuxConfig, bool, TunmuxConfig> set) => new(TomlKind.Boolean, (c, v) => (set(c, (bool)v), null));

    private static ConfigKey Milliseconds(Func<TunmuxConfig, TimeSpan, TunmuxConfig> set) =>
        new(TomlKind.Integer, (c, v) => (long)v is > 0 and <= MaxTimeoutMs
            ? (set(c, TimeSpan.FromMilliseconds((long)v)), null)
            : (c, $"must be between 1 and {MaxTimeoutMs} (milliseconds)"));

    private static ConfigKey Text(Func<string, bool> valid, string expected, Func<TunmuxConfig, string, TunmuxConfig> set) =>
        new(TomlKind.String, (c, v) => valid((string)v) ? (set(c, (string)v), null) : (c, $"expected {expected}"));

    private static ConfigKey Path(Func<TunmuxConfig, string, TunmuxConfig> set) =>
        Text(v => System.IO.Path.IsPathFullyQualified(v) && !v.Contains('\0', StringComparison.Ordinal), "an absolute path", set);

    private static bool NotEmpty(string value) => value.Length > 0 && !value.Any(char.IsControl);

    private static bool GroupName(string value) => GroupPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex GroupPattern();
}
