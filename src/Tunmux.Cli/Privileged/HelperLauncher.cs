using Tunmux.Linux.Privilege;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Privileged;

/// <summary>What a look at the control socket found.</summary>
public enum HelperProbe
{
    /// <summary>A daemon answered a ping.</summary>
    Ready,

    /// <summary>Nothing answers (no socket, or nobody behind it).</summary>
    Absent,

    /// <summary>A daemon is there but refuses this user.</summary>
    Denied,
}

/// <summary>
/// Starts the root helper on demand when no daemon answers, as the original tunmux does:
/// `sudo -n -b` (and, with a terminal, `sudo -v` once and again), under a per-user start lock
/// so two commands never start two helpers, then waits until the helper answers.
/// </summary>
public sealed class HelperLauncher(ISudo sudo, Func<CancellationToken, Task<HelperProbe>> probe, string lockPath, TimeProvider time)
{
    public const string AutostartDisabled = "autostart disabled and privileged socket unavailable";
    public const string SudoMissing = "sudo not found in PATH";
    public const string PasswordWithoutTerminal = "sudo password required but no TTY available";
    public const string StartTimeout = "startup timeout waiting for privileged daemon readiness";
    public const string AuthorizationDenied = "authorization denied by privileged daemon";

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Null once a daemon answers (already running, or started now); otherwise why none does.</summary>
    public async Task<string?> EnsureAsync(GeneralSettings settings, IReadOnlyList<string> self, string group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (await probe(cancellationToken).ConfigureAwait(false))
        {
            case HelperProbe.Ready:
                return null;
            case HelperProbe.Denied:
                return AuthorizationDenied;
        }

        if (!settings.PrivilegedAutostart)
        {
            return AutostartDisabled;
        }

        if (sudo.Path is null)
        {
            return SudoMissing;
        }

        var deadline = time.GetUtcNow() + settings.PrivilegedAutostartTimeout;
        using var startLock = await StartLock.AcquireAsync(lockPath, deadline, time, cancellationToken).ConfigureAwait(false);
        if (startLock is null)
        {
            return StartTimeout;
        }

        // Another command may have started the helper while this one waited for the lock.
        switch (await probe(cancellationToken).ConfigureAwait(false))
        {
            case HelperProbe.Ready:
                return null;
            case HelperProbe.Denied:
                return AuthorizationDenied;
        }

        var arguments = HelperCommand.Background(self, group, settings.PrivilegedAutostopMode, settings.PrivilegedAutostopTimeout);
        var started = await sudo.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (started.PasswordRequired)
        {
            if (!sudo.HasTerminal)
            {
                return PasswordWithoutTerminal;
            }

            if (await sudo.ValidateOnTerminalAsync(cancellationToken).ConfigureAwait(false) != 0)
            {
                return "sudo -v failed: the password was not accepted";
            }

            // The password took time: the start gets its full timeout from here.
            deadline = time.GetUtcNow() + settings.PrivilegedAutostartTimeout;
            started = await sudo.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        }

        if (started.ExitCode != 0)
        {
            return $"sudo could not start the privileged helper: {(started.Stderr.Length > 0 ? started.Stderr : $"exit code {started.ExitCode}")}";
        }

        return await WaitReadyAsync(deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the new helper. A refusal is final only at the deadline: the helper binds its
    /// socket before it gives it the group's mode and owner, and a look in between is refused.
    /// </summary>
    private async Task<string?> WaitReadyAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var seen = await probe(cancellationToken).ConfigureAwait(false);
            if (seen == HelperProbe.Ready)
            {
                return null;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return seen == HelperProbe.Denied ? AuthorizationDenied : StartTimeout;
            }

            await Task.Delay(ProbeInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
