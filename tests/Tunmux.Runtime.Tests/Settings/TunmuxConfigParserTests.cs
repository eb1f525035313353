using Tunmux.Core.Model;
using Tunmux.Api.Model;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Runtime.Tests.Settings;

/// <summary>config.toml: every key lands where it should; anything unknown or mistyped is an error at its line:column.</summary>
public sealed class TunmuxConfigParserTests
{
    private const string File = "/home/u/.config/tunmux/config.toml";

    private static TunmuxConfig Parsed(string text)
    {
        var load = TunmuxConfigParser.Parse(text, File);
        load.Errors.Should().BeEmpty();
        return load.Config;
    }

    private static string OnlyError(string text)
    {
        var load = TunmuxConfigParser.Parse(text, File);
        load.Ok.Should().BeFalse();
        load.Config.Should().Be(TunmuxConfig.Default, "a file with an error changes nothing");
        return load.Errors.Should().ContainSingle().Subject;
    }

    [Fact]
    public void An_empty_file_gives_the_originals_defaults()
    {
        var config = Parsed("");

        config.General.Backend.Should().Be(BackendKind.Auto);
        config.General.CredentialStore.Should().Be(CredentialStoreKind.File);
        config.General.ProxyAccessLog.Should().BeFalse();
        config.General.PrivilegedTransport.Should().Be(PrivilegedTransport.Socket);
        config.General.PrivilegedAutostart.Should().BeTrue();
        config.General.PrivilegedAutostartTimeout.Should().Be(TimeSpan.FromSeconds(5));
        config.General.PrivilegedAuthorizedGroup.Should().BeNull();
        config.General.PrivilegedAutostopMode.Should().Be(AutostopMode.Never);
        config.General.PrivilegedAutostopTimeout.Should().Be(TimeSpan.FromSeconds(30));
        config.Proton.DefaultCountry.Should().BeNull();
        config.Daemon.Should().Be(new DaemonSettings());
    }

    [Fact]
    public void The_originals_example_file_reads_whole()
    {
        var config = Parsed("""
            # as in the original README
            [general]
            backend = "kernel"
            credential_store = "keyring"
            proxy_access_log = true
            privileged_transport = "stdio"
            privileged_autostart = false
            privileged_autostart_timeout_ms = 7000
            privileged_authorized_group = "vpnusers"
            privileged_autostop_mode = "timeout"
            privileged_autostop_timeout_ms = 1500

            [proton]
            default_country = "ch"

            [airvpn]
            default_country = "NL"
            default_device = "laptop"

            [mullvad]
            default_country = "se"
            """);

        config.General.Should().Be(new GeneralSettings
        {
            Backend = BackendKind.Kernel,
            CredentialStore = CredentialStoreKind.Keyring,
            ProxyAccessLog = true,
            PrivilegedTransport = PrivilegedTransport.Stdio,
            PrivilegedAutostart = false,
            PrivilegedAutostartTimeout = TimeSpan.FromMilliseconds(7000),
            PrivilegedAuthorizedGroup = "vpnusers",
            PrivilegedAutostopMode = AutostopMode.Timeout,
            PrivilegedAutostopTimeout = TimeSpan.FromMilliseconds(1500),
        });
        config.Proton.DefaultCountry.Should().Be("CH");
        config.AirVpn.Should().Be(new ProviderDefaults { DefaultCountry = "NL", DefaultDevice = "laptop" });
        config.Mullvad.DefaultCountry.Should().Be("SE");
    }

    [Fact]
    public void The_daemon_table_holds_what_daemon_yaml_held()
    {
        var config = Parsed("""
            [daemon]
            manifests = "/etc/tunmux/manifests"
            socket = "/run/t/ctl.sock"
            group = "tunmux"
            metrics = "off"
            resync = "1m"
            poll = "250ms"
            teardown_on_stop = true
            handshake_max_age = "4m"
            handshake_grace = "20s"
            degraded_confirmation = "5s"
            stable_after = "3m"
            reconnects_before_failover = 5
            log_format = "json"
            state_dir = "/srv/tunmux"
            """);

        config.Daemon.Should().Be(new DaemonSettings
        {
            Manifests = "/etc/tunmux/manifests",
            Socket = "/run/t/ctl.sock",
            Group = "tunmux",
            Metrics = "off",
            Resync = "1m",
            Poll = "250ms",
            TeardownOnStop = true,
            HandshakeMaxAge = "4m",
            HandshakeGrace = "20s",
            DegradedConfirmation = "5s",
            StableAfter = "3m",
            ReconnectsBeforeFailover = 5,
            LogFormat = "json",
            StateDir = "/srv/tunmux",
        });
    }

    [Fact]
    public void An_unknown_key_is_an_error_at_its_line_and_column()
    {
        OnlyError("[general]\nbackend = \"auto\"\n  bakend = \"kernel\"\n")
            .Should().StartWith($"{File}:3:3: unknown key \"bakend\" in [general]");
    }

    [Fact]
    public void An_unknown_table_is_an_error()
    {
        OnlyError("[ivpn]\ndefault_country = \"CH\"\n").Should().StartWith($"{File}:1:1: unknown table [ivpn]");
    }

    [Fact]
    public void A_key_outside_any_table_is_an_error()
    {
        OnlyError("backend = \"auto\"\n").Should().StartWith($"{File}:1:1: key \"backend\" must be inside a table");
    }

    [Fact]
    public void A_wrong_type_is_an_error_at_the_value()
    {
        OnlyError("[general]\nproxy_access_log = \"yes\"\n")
            .Should().Be($"{File}:2:20: [general] proxy_access_log: expected true or false, found a string");
        OnlyError("[general]\nprivileged_autostart_timeout_ms = 5.5\n")
            .Should().Be($"{File}:2:35: [general] privileged_autostart_timeout_ms: expected an integer, found a float");
        OnlyError("[proton]\ndefault_country = [\"CH\"]\n")
            .Should().Be($"{File}:2:19: [proton] default_country: expected a string, found an array");
    }

    [Theory]
    [InlineData("[general]\nbackend = \"wireguard-go\"", "2:11: [general] backend: expected one of auto, userspace, kernel, wg-quick")]
    [InlineData("[general]\ncredential_store = \"vault\"", "2:20: [general] credential_store: expected one of file, keyring")]
    [InlineData("[general]\nprivileged_transport = \"tcp\"", "2:24: [general] privileged_transport: expected one of socket, stdio")]
    [InlineData("[general]\nprivileged_autostop_mode = \"later\"", "2:28: [general] privileged_autostop_mode: expected one of never, command, timeout")]
    [InlineData("[general]\nprivileged_autostop_timeout_ms = 0", "2:34: [general] privileged_autostop_timeout_ms: must be between 1 and 3600000 (milliseconds)")]
    [InlineData("[general]\nprivileged_authorized_group = \"Bad Group\"", "2:31: [general] privileged_authorized_group: expected a group name such as tunmux")]
    [InlineData("[airvpn]\ndefault_country = \"Netherlands\"", "2:19: [airvpn] default_country: expected two letters such as CH")]
    [InlineData("[daemon]\nlog_format = \"xml\"", "2:14: [daemon] log_format: expected text or json")]
    [InlineData("[daemon]\nmanifests = \"relative/dir\"", "2:13: [daemon] manifests: expected an absolute path")]
    [InlineData("[daemon]\nreconnects_before_failover = -1", "2:30: [daemon] reconnects_before_failover: must be between 0 and 1000")]
    public void A_value_out_of_range_is_an_error_at_the_value(string text, string expected)
    {
        OnlyError(text).Should().Be($"{File}:{expected}");
    }

    [Fact]
    public void Default_device_belongs_to_airvpn_only()
    {
        OnlyError("[proton]\ndefault_device = \"laptop\"").Should().StartWith($"{File}:2:1: unknown key \"default_device\" in [proton]");
    }

    [Fact]
    public void A_table_twice_is_an_error()
    {
        TunmuxConfigParser.Parse("[proton]\ndefault_country = \"CH\"\n[proton]\n", File).Errors.Should().ContainSingle()
            .Which.Should().StartWith($"{File}:3:1:");
    }

    [Fact]
    public void Broken_toml_is_an_error_at_its_position()
    {
        OnlyError("[general]\nproxy_access_log = tru\n").Should().StartWith($"{File}:2:20: ");
    }

    [Fact]
    public void Several_mistakes_are_all_reported()
    {
        TunmuxConfigParser.Parse("[general]\nfoo = 1\nbar = 2\n[proton]\ndefault_country = 3\n", File).Errors.Should().HaveCount(3);
    }
}
