using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.Direct.Firewall;
using Tunmux.Core.Direct.Routing;
using Tunmux.Core.Model;
using Tunmux.Linux.Commands;
using Tunmux.Linux.Logging;

namespace Tunmux.Linux.Direct;

/// <summary>
/// One direct-mode pass on the host, every step an "ensure". The order is the fail-secure
/// contract: the block is checked (read back, compared rule by rule, replaced whole when it
/// differs) before anything else, and when it cannot be applied the tunnel is not brought up.
/// Removing the tunnel takes the tunnel, routes and DNS away while the block still holds, and the
/// block goes last, only when nothing asks for it any more (no tunnel, no lockdown).
/// </summary>
public sealed class DirectModeHost
{
    private const string SrcValidMark = "net.ipv4.conf.all.src_valid_mark";

    private readonly NftFirewall _firewall;
    private readonly RoutingHost _routing;
    private readonly DirectDevice _device;
    private readonly DirectStateFile _stateFile;
    private readonly Func<IReadOnlyList<IPAddress>, int, Task>? _setResolved;
    private readonly Func<int, Task>? _revertResolved;
    private readonly ResolvConfReplacement _resolvConf;
    private readonly ILogger _logger;
    private readonly HostNaming _naming;

    internal DirectModeHost(
        NftFirewall firewall, RoutingHost routing, DirectDevice device, DirectStateFile stateFile, ResolvConfReplacement resolvConf,
        ResolvedLinkDns? resolved, ILogger logger, HostNaming? naming = null)
    {
        _naming = naming ?? new HostNaming();
        _firewall = firewall;
        _routing = routing;
        _device = device;
        _stateFile = stateFile;
        _resolvConf = resolvConf;
        _setResolved = resolved is null ? null : (servers, index) => resolved.SetAsync(index, servers);
        _revertResolved = resolved is null ? null : resolved.RevertAsync;
        _logger = logger;
    }

    public DirectStateFile StateFile => _stateFile;

    /// <summary>
    /// The host's direct mode: <paramref name="stateDirectory"/> keeps what was changed (tunmux's
    /// state directory + "/direct"). resolved is used over the system bus when resolv.conf points at it.
    /// </summary>
    public static DirectModeHost Create(LinuxDriverOptions options, string stateDirectory, ICommandRunner runner, ILogger logger, string resolvConfPath = "/etc/resolv.conf")
    {
        ArgumentNullException.ThrowIfNull(options);
        var programs = DirectPrograms.System;
        var launcher = Processes.DetachedProcessLauncher.Instance;
        var stateFile = new DirectStateFile(stateDirectory);
        var resolved = ResolvedLinkDns.InUse(resolvConfPath) ? new ResolvedLinkDns(Tmds.DBus.Protocol.DBusConnection.System) : null;
        return new DirectModeHost(
            new NftFirewall(runner, programs),
            new RoutingHost(runner, programs),
            new DirectDevice(runner, programs, new WireGuard.WireGuardGoRunner(options with { WireGuardGoPath = programs.WireGuardGo }, launcher, logger)),
            stateFile,
            new ResolvConfReplacement(resolvConfPath, stateFile.ResolvConfBackupPath, new MountTable()),
            resolved,
            logger,
            options.Naming);
    }

    /// <summary>
    /// Brings the host to <paramref name="desired"/> (null: no direct tunnel declared).
    /// <paramref name="proxyExitEndpoints"/> are the proxy exits' WireGuard endpoints, allowed out beside the tunnel.
    /// </summary>
    public async Task<DirectOutcome> EnsureAsync(DirectDesired? desired, IReadOnlyList<IPEndPoint> proxyExitEndpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proxyExitEndpoints);
        var state = _stateFile.Read();
        var refused = DirectOwnership.StateProblem(
            new DirectRecord(state.TunnelName, state.Interface, state.WgQuickConfig, state.WireGuardGo?.Pid, state.InterfaceIndex), _naming, _stateFile.Directory);
        if (refused is not null)
        {
            // As when the tunnel cannot be resolved: keep whatever is in place (the block included),
            // touch nothing the state names (no teardown, no rebuild over it), and say why.
            DirectLog.StateRefused(_logger, _stateFile.StatePath, refused);
            return new DirectOutcome(state.KillSwitch ?? desired?.KillSwitch, null, [], null, null, $"{refused} (in {_stateFile.StatePath}; nothing was changed)");
        }

        if (desired is null)
        {
            if (state.Interface is not null)
            {
                state = await TearDownAsync(state, cancellationToken).ConfigureAwait(false);
            }

            var kept = state.KillSwitch is { Enabled: true, Lockdown: true } lockdown ? lockdown : null;
            var (lockdownError, lockdownRepaired, _, lockdownVerified) = await EnsureBlockAsync(FirewallInput.Lockdown(kept ?? KillSwitchSettings.Default, proxyExitEndpoints), state, cancellationToken).ConfigureAwait(false);
            return new DirectOutcome(kept, lockdownError, lockdownRepaired, null, null, null) { BlockVerified = lockdownVerified };
        }

        if (state.Interface is { } previous && previous != desired.Interface)
        {
            state = await TearDownAsync(state, cancellationToken).ConfigureAwait(false);
        }

        var tunnelFirewall = new DirectTunnelFirewall(
            desired.Interface,
            desired.Endpoints,
            desired.Config.Dns.Select(d => IPAddress.TryParse(d, out var a) ? a : null).OfType<IPAddress>().ToList(),
            desired.Config.Addresses.Select(a => IPAddress.TryParse(a.Split('/')[0], out var parsed) ? parsed : null).OfType<IPAddress>().ToList(),
            DirectTunnelPlan.CarriesIpv6(desired.Config));
        var (blockError, repaired, afterBlock, verified) = await EnsureBlockAsync(
            new FirewallInput(desired.KillSwitch, tunnelFirewall, proxyExitEndpoints), state with { KillSwitch = desired.KillSwitch }, cancellationToken).ConfigureAwait(false);
        if (blockError is not null)
        {
            // Fail secure: without the block the tunnel is not brought up at all.
            return new DirectOutcome(desired.KillSwitch, blockError, repaired, null, null, null) { BlockVerified = verified };
        }

        state = afterBlock;
        try
        {
            state = await EnsureTunnelAsync(desired, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HostCommandException or IOException or InvalidOperationException or UnauthorizedAccessException or Tmds.DBus.Protocol.DBusExceptionBase)
        {
            DirectLog.TunnelFailed(_logger, desired.TunnelName, e.Message);
            return new DirectOutcome(desired.KillSwitch, null, repaired, desired.Backend, null, e.Message) { BlockVerified = verified };
        }

        var handshake = await _device.LatestHandshakeAsync(desired.Interface, cancellationToken).ConfigureAwait(false);
        return new DirectOutcome(desired.KillSwitch, null, repaired, desired.Backend, handshake, null) { BlockVerified = verified };
    }

    /// <summary>
    /// Reads the table back and compares it with the plan rule by rule; applies the whole table
    /// again on any difference, then reads it back once more. Returns the error when it could not be
    /// applied, and whether the table read back last matches the plan.
    /// </summary>
    private async Task<(string? Error, IReadOnlyList<string> Repaired, DirectState State, bool Verified)> EnsureBlockAsync(
        FirewallInput input, DirectState state, CancellationToken cancellationToken)
    {
        var ruleset = KillSwitchRuleset.Build(input);
        var batch = NftBatch.Render(ruleset);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(batch)))[..16];
        try
        {
            var listed = await _firewall.ReadAsync(cancellationToken).ConfigureAwait(false);
            var reference = state.AppliedBatchHash == hash && state.ReferenceListing is { } text ? NftListingParser.Parse(text) : null;
            var drift = FirewallDrift.Find(ruleset, listed, reference);
            if (drift.Count == 0 && (reference is not null || ruleset.IsEmpty))
            {
                return (null, [], state, true);
            }

            foreach (var finding in drift)
            {
                DirectLog.FirewallDrift(_logger, finding);
            }

            await _firewall.ApplyAsync(ruleset, cancellationToken).ConfigureAwait(false);
            // The reference is nft's own listing right after the apply: a restarted daemon compares against it.
            // Read back, it must also match the plan's structure, or the block is not what was planned.
            var listing = ruleset.IsEmpty ? null : await _firewall.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
            var readBack = listing is null ? await _firewall.ReadAsync(cancellationToken).ConfigureAwait(false) : NftListingParser.Parse(listing);
            var verified = FirewallDrift.Find(ruleset, readBack, null).Count == 0;
            var after = state with
            {
                AppliedBatchHash = hash,
                AllowedEndpoints = [.. (input.Tunnel?.Endpoints ?? []).Concat(input.ProxyExitEndpoints).Select(e => e.ToString()).Distinct()],
                ReferenceListing = listing,
                KillSwitch = ruleset.IsEmpty && input.Tunnel is null ? null : state.KillSwitch ?? input.Settings,
            };
            _stateFile.Write(after);
            _stateFile.SaveBatch(ruleset.IsEmpty ? null : batch);
            DirectLog.FirewallApplied(_logger, ruleset.IsEmpty ? "removed" : "applied", ruleset.Chains.Sum(c => c.Rules.Count));
            return (null, drift, after, verified);
        }
        catch (Exception e) when (e is HostCommandException or FormatException or IOException)
        {
            DirectLog.BlockFailed(_logger, e.Message);
            return (e.Message, [], state, false);
        }
    }

    private async Task<DirectState> EnsureTunnelAsync(DirectDesired desired, DirectState state, CancellationToken cancellationToken)
    {
        var plan = DirectTunnelPlan.Up(desired.Backend, desired.Interface, desired.Config, _stateFile.WgQuickConfigPath(desired.Interface));
        var exists = await _device.ExistsAsync(desired.Interface, cancellationToken).ConfigureAwait(false);
        if (!exists || state.SpecHash != desired.SpecHash || state.Backend != desired.Backend)
        {
            if (state.Interface is not null || exists)
            {
                await _device.DownAsync(state with { Interface = desired.Interface }, cancellationToken).ConfigureAwait(false);
            }

            state = state with { SrcValidMarkBefore = state.SrcValidMarkBefore ?? KernelSetting.Read(SrcValidMark) };
            _stateFile.Write(state with { TunnelName = desired.TunnelName, Interface = desired.Interface, Backend = desired.Backend });
            var process = await _device.UpAsync(plan, desired, cancellationToken).ConfigureAwait(false);
            state = state with
            {
                TunnelName = desired.TunnelName,
                Interface = desired.Interface,
                Backend = desired.Backend,
                SpecHash = desired.SpecHash,
                WireGuardGo = process,
                WgQuickConfig = desired.Backend == DirectBackend.WgQuick ? _stateFile.WgQuickConfigPath(desired.Interface) : null,
            };
            _stateFile.Write(state);
            DirectLog.TunnelUp(_logger, desired.TunnelName, desired.Interface, desired.Backend.ToString());
        }

        // DNS before routes: once the routes send traffic into the tunnel, names already resolve
        // through the tunnel's servers (never a moment where traffic flows with the old resolver).
        state = await EnsureDnsAsync(desired, state, cancellationToken).ConfigureAwait(false);
        await _routing.EnsureAsync(plan.Routing, cancellationToken).ConfigureAwait(false);
        return state;
    }

    private async Task<DirectState> EnsureDnsAsync(DirectDesired desired, DirectState state, CancellationToken cancellationToken)
    {
        if (desired.Config.Dns.Count == 0)
        {
            return state;
        }

        if (_setResolved is not null && ResolvedLinkDns.InUse(_resolvConf.FilePath))
        {
            var index = await _device.IndexOfAsync(desired.Interface, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"interface {desired.Interface} has no index");
            var servers = desired.Config.Dns.Select(d => IPAddress.TryParse(d, out var a) ? a : null).OfType<IPAddress>().ToList();
            await _setResolved(servers, index).ConfigureAwait(false);
            state = state with { Dns = "resolved", InterfaceIndex = index };
        }
        else
        {
            _resolvConf.Ensure(desired.Config.Dns);
            state = state with { Dns = "resolv.conf" };
        }

        _stateFile.Write(state);
        return state;
    }

    /// <summary>Everything but the block: DNS back, routes and rules gone, the interface removed, the sysctl restored.</summary>
    private async Task<DirectState> TearDownAsync(DirectState state, CancellationToken cancellationToken)
    {
        if (state.Dns == "resolved" && state.InterfaceIndex is { } index && _revertResolved is not null)
        {
            await _revertResolved(index).ConfigureAwait(false);
        }

        _resolvConf.Restore();
        if (state.Backend != DirectBackend.WgQuick)
        {
            await _routing.EnsureAsync(DirectRouting.Down(), cancellationToken).ConfigureAwait(false);
        }

        await _device.DownAsync(state, cancellationToken).ConfigureAwait(false);
        if (state.SrcValidMarkBefore is { } before)
        {
            KernelSetting.Write(SrcValidMark, before);
        }

        DirectLog.TunnelDown(_logger, state.TunnelName ?? "", state.Interface ?? "");
        var after = state with
        {
            TunnelName = null, Interface = null, Backend = null, SpecHash = null, WireGuardGo = null, WgQuickConfig = null,
            Dns = null, InterfaceIndex = null, SrcValidMarkBefore = null,
        };
        _stateFile.Write(after);
        return after;
    }
}
