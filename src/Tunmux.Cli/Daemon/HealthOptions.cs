using System.CommandLine;
using Tunmux.Core.Lifecycle;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// The daemon's health and recovery flags. The defaults follow WireGuard: a working tunnel
/// handshakes at least every two minutes, so 180 s without one means it is not working. Tests
/// shorten them to seconds; below about 130 s a healthy tunnel would look stale and be reconnected.
/// </summary>
public sealed class HealthOptions
{
    private readonly Option<string?> _maxAge = new("--handshake-max-age") { Description = "A latest handshake older than this makes a tunnel unhealthy (default 180s)." };
    private readonly Option<string?> _grace = new("--handshake-grace") { Description = "How long a built or reconnected tunnel may take to show a handshake (default 30s)." };
    private readonly Option<string?> _confirmation = new("--degraded-confirmation") { Description = "How long a connected tunnel stays Degraded before recovery starts (default 10s)." };
    private readonly Option<string?> _stableAfter = new("--stable-after") { Description = "How long a tunnel must stay connected before its recovery ladder starts over (default 2m)." };
    private readonly Option<int?> _reconnects = new("--reconnects-before-failover") { Description = "Reconnects to a peer before failing over to the next one (default 3)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_maxAge);
        command.Options.Add(_grace);
        command.Options.Add(_confirmation);
        command.Options.Add(_stableAfter);
        command.Options.Add(_reconnects);
    }

    /// <summary>The policy from flags, then the config file, then the defaults; problems are added to <paramref name="problems"/>.</summary>
    public LifecyclePolicy Read(ParseResult parse, DaemonSettings file, List<string> problems)
    {
        var defaults = LifecyclePolicy.Default;
        var reconnects = parse.GetValue(_reconnects) ?? file.ReconnectsBeforeFailover ?? defaults.ReconnectsBeforeFailover;
        if (reconnects < 0)
        {
            problems.Add($"--reconnects-before-failover {reconnects}: must be 0 or more");
        }

        return defaults with
        {
            HandshakeMaxAge = DaemonFlags.Duration("--handshake-max-age", parse.GetValue(_maxAge) ?? file.HandshakeMaxAge, defaults.HandshakeMaxAge, problems),
            HandshakeGrace = DaemonFlags.Duration("--handshake-grace", parse.GetValue(_grace) ?? file.HandshakeGrace, defaults.HandshakeGrace, problems),
            DegradedConfirmation = DaemonFlags.Duration("--degraded-confirmation", parse.GetValue(_confirmation) ?? file.DegradedConfirmation, defaults.DegradedConfirmation, problems),
            StableAfter = DaemonFlags.Duration("--stable-after", parse.GetValue(_stableAfter) ?? file.StableAfter, defaults.StableAfter, problems),
            ReconnectsBeforeFailover = Math.Max(0, reconnects),
        };
    }
}
