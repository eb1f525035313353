using Tunmux.Core.Model;
using Tunmux.Api.Model;

namespace Tunmux.Runtime.Settings.Config;

/// <summary>Where provider sessions are kept: a 0600 JSON file per provider, or the desktop's Secret Service.</summary>
public enum CredentialStoreKind
{
    File,
    Keyring,
}

/// <summary>How the CLI reaches a root helper it started: the control socket, or the helper's stdin/stdout.</summary>
public enum PrivilegedTransport
{
    Socket,
    Stdio,
}

/// <summary>When a helper the CLI started on demand stops again.</summary>
public enum AutostopMode
{
    /// <summary>It keeps running (the exits it runs stay supervised).</summary>
    Never,

    /// <summary>When the last command holding a lease on it has ended.</summary>
    Command,

    /// <summary>After privileged_autostop_timeout_ms without a request.</summary>
    Timeout,
}

/// <summary>config.toml's [general] table: the original tunmux's keys that still mean something here.</summary>
public sealed record GeneralSettings
{
    /// <summary>The backend connect uses when --backend is not given (auto when unset).</summary>
    public BackendKind Backend { get; init; } = BackendKind.Auto;

    public CredentialStoreKind CredentialStore { get; init; } = CredentialStoreKind.File;

    /// <summary>The default of connect's --proxy-access-log.</summary>
    public bool ProxyAccessLog { get; init; }

    public PrivilegedTransport PrivilegedTransport { get; init; } = PrivilegedTransport.Socket;

    /// <summary>Whether the CLI may start a root helper through sudo when no daemon answers.</summary>
    public bool PrivilegedAutostart { get; init; } = true;

    /// <summary>How long the CLI waits for a helper it started to answer.</summary>
    public TimeSpan PrivilegedAutostartTimeout { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>The group a started helper lets use its socket; null: the calling user's primary group.</summary>
    public string? PrivilegedAuthorizedGroup { get; init; }

    public AutostopMode PrivilegedAutostopMode { get; init; } = AutostopMode.Never;

    public TimeSpan PrivilegedAutostopTimeout { get; init; } = TimeSpan.FromMilliseconds(30000);
}

/// <summary>A provider table ([proton], [airvpn], [mullvad]): what connect picks when no flag says.</summary>
public sealed record ProviderDefaults
{
    /// <summary>Two letters, upper case (the file may say "ch").</summary>
    public string? DefaultCountry { get; init; }

    /// <summary>AirVPN only: the device (WireGuard key) connect uses when --key is not given.</summary>
    public string? DefaultDevice { get; init; }
}

/// <summary>config.toml's [daemon] table: the same settings as `tunmux daemon`'s flags, which win over it.</summary>
public sealed record DaemonSettings
{
    public string? Manifests { get; init; }

    public string? Socket { get; init; }

    public string? Group { get; init; }

    /// <summary>ADDRESS:PORT, or "off".</summary>
    public string? Metrics { get; init; }

    public string? Resync { get; init; }

    public string? Poll { get; init; }

    /// <summary>Keys reconciled at once (default twice the cores, 2 to 8).</summary>
    public int? Workers { get; init; }

    public bool? TeardownOnStop { get; init; }

    /// <summary>A latest handshake older than this makes a tunnel unhealthy (default 180s).</summary>
    public string? HandshakeMaxAge { get; init; }

    /// <summary>How long a (re)connected tunnel may take to show a handshake (default 30s).</summary>
    public string? HandshakeGrace { get; init; }

    /// <summary>How long a connected tunnel stays Degraded before recovery starts (default 10s).</summary>
    public string? DegradedConfirmation { get; init; }

    /// <summary>How long a tunnel must stay connected before its recovery ladder starts over (default 2m).</summary>
    public string? StableAfter { get; init; }

    /// <summary>Reconnects to a peer before failing over to the next (default 3).</summary>
    public int? ReconnectsBeforeFailover { get; init; }

    /// <summary>text (default) or json.</summary>
    public string? LogFormat { get; init; }

    public string? StateDir { get; init; }
}

/// <summary>All of config.toml. Every field has the default a missing file gives.</summary>
public sealed record TunmuxConfig
{
    public static readonly TunmuxConfig Default = new();

    public GeneralSettings General { get; init; } = new();

    public ProviderDefaults Proton { get; init; } = new();

    public ProviderDefaults AirVpn { get; init; } = new();

    public ProviderDefaults Mullvad { get; init; } = new();

    public DaemonSettings Daemon { get; init; } = new();
}
