using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// /etc/tunmux/daemon.yaml: the same settings as the daemon's flags, which win over it.
/// Unknown keys are an error, so a typo never silently falls back to a default.
/// </summary>
public sealed class DaemonConfigFile
{
    public const string DefaultPath = "/etc/tunmux/daemon.yaml";

    public string? Manifests { get; set; }

    public string? Socket { get; set; }

    public string? Group { get; set; }

    /// <summary>ADDRESS:PORT, or "off".</summary>
    public string? Metrics { get; set; }

    public string? Resync { get; set; }

    public string? Poll { get; set; }

    public bool? TeardownOnStop { get; set; }

    /// <summary>A latest handshake older than this makes a tunnel unhealthy (default 180s).</summary>
    public string? HandshakeMaxAge { get; set; }

    /// <summary>How long a (re)connected tunnel may take to show a handshake (default 30s).</summary>
    public string? HandshakeGrace { get; set; }

    /// <summary>How long a connected tunnel stays Degraded before recovery starts (default 10s).</summary>
    public string? DegradedConfirmation { get; set; }

    /// <summary>How long a tunnel must stay connected before its recovery ladder starts over (default 2m).</summary>
    public string? StableAfter { get; set; }

    /// <summary>Reconnects to a peer before failing over to the next (default 3).</summary>
    public int? ReconnectsBeforeFailover { get; set; }

    /// <summary>text (default) or json.</summary>
    public string? LogFormat { get; set; }

    public string? StateDir { get; set; }

    // Interim until config.toml (helper "desktop") replaces this file and its reflection deserializer.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "daemon.yaml is being replaced by config.toml")]
    public static DaemonConfigFile Load(string path)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return deserializer.Deserialize<DaemonConfigFile?>(File.ReadAllText(path)) ?? new DaemonConfigFile();
    }
}
