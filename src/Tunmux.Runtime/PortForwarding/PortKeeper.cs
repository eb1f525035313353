using Microsoft.Extensions.Logging;
using Tunmux.Core.PortForwarding;

namespace Tunmux.Runtime.PortForwarding;

/// <summary>
/// Keeps one tunnel's forwarded port: asks the gateway, renews on the policy's schedule, retries
/// failures with backoff and runs the hook when the port changes. Every change of state is
/// published (the keeper process writes it to its state file, which status reads). Runs until
/// cancelled; no failure ends it, since the next round may succeed. When the port is no longer
/// wanted (its tunnel deleted, forwarding turned off), <see cref="ReleaseAsync"/> deletes the
/// mapping at the gateway after the run ended; a keeper that is only replaced does not call it.
/// </summary>
public sealed partial class PortKeeper(
    string tunnel,
    IPortMapper mapper,
    IPortHook? hook,
    Action<ForwardedPortState> publish,
    PortRenewalPolicy policy,
    ILogger logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // The last state published; read by ReleaseAsync once RunAsync has returned.
    private ForwardedPortState? _state;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var state = PortRenewalPolicy.Start(tunnel, _time.GetUtcNow());
        _state = state;
        publish(state);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                state = await RoundAsync(state, cancellationToken).ConfigureAwait(false);
                _state = state;
                publish(state);
                var wait = state.NextAttemptAt!.Value - _time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Deletes the mapping at the gateway (best effort) after <see cref="RunAsync"/> ended because
    /// the port is no longer wanted. Asks only when a port was granted; gives up after
    /// <paramref name="budget"/>, so an unreachable gateway never holds up a teardown (the mapping
    /// then lapses at its expiry, as it did before). Never throws.
    /// </summary>
    public async Task ReleaseAsync(TimeSpan budget)
    {
        if (_state?.Port is not { } port)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(budget, _time);
        try
        {
            await mapper.ReleaseAsync(deadline.Token).ConfigureAwait(false);
            LogReleased(logger, tunnel, port);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            LogReleaseFailed(logger, tunnel, port, $"no answer within {budget.TotalSeconds:0.#} s");
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, tunnel, port, ex.Message);
        }
    }

    private async Task<ForwardedPortState> RoundAsync(ForwardedPortState state, CancellationToken cancellationToken)
    {
        PortMapping mapping;
        try
        {
            mapping = await mapper.MapAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failed = policy.Failed(state, ex.Message, _time.GetUtcNow());
            LogRoundFailed(logger, tunnel, ex.Message, failed.Failures, (failed.NextAttemptAt!.Value - _time.GetUtcNow()).TotalSeconds);
            return failed;
        }

        var step = policy.Mapped(state, mapping, _time.GetUtcNow());
        if (step.State.Port != state.Port)
        {
            LogPortChanged(logger, tunnel, mapping.Port, state.Port, mapping.Lifetime.TotalSeconds);
        }
        else
        {
            LogRenewed(logger, tunnel, mapping.Port, mapping.Lifetime.TotalSeconds);
        }

        if (step.Hook is not { } change)
        {
            return step.State;
        }

        if (hook is null)
        {
            return PortRenewalPolicy.HookRan(step.State, change, null, _time.GetUtcNow());
        }

        // Status shows the new port while the hook runs, which may take a while.
        publish(step.State);
        var error = await hook.RunAsync(change, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            LogHookFailed(logger, tunnel, change.Port, error);
        }

        return PortRenewalPolicy.HookRan(step.State, change, error, _time.GetUtcNow());
    }

    [LoggerMessage(5101, LogLevel.Information, "{Tunnel}: forwarded port is {Port} (was {Previous}), mapped for {Lifetime} s")]
    private static partial void LogPortChanged(ILogger logger, string tunnel, int port, int? previous, double lifetime);

    [LoggerMessage(5102, LogLevel.Debug, "{Tunnel}: port {Port} renewed for {Lifetime} s")]
    private static partial void LogRenewed(ILogger logger, string tunnel, int port, double lifetime);

    [LoggerMessage(5103, LogLevel.Warning, "{Tunnel}: port mapping failed ({Failures} in a row): {Error}; retrying in {Seconds:0.#} s")]
    private static partial void LogRoundFailed(ILogger logger, string tunnel, string error, int failures, double seconds);

    [LoggerMessage(5105, LogLevel.Information, "{Tunnel}: port {Port} released at the gateway (the tunnel no longer forwards it)")]
    private static partial void LogReleased(ILogger logger, string tunnel, int port);

    [LoggerMessage(5106, LogLevel.Warning, "{Tunnel}: could not release port {Port} at the gateway ({Error}); it lapses at its expiry")]
    private static partial void LogReleaseFailed(ILogger logger, string tunnel, int port, string error);

    [LoggerMessage(5104, LogLevel.Warning, "{Tunnel}: the hook for port {Port} failed: {Error}; it runs again at the next renewal")]
    private static partial void LogHookFailed(ILogger logger, string tunnel, int port, string error);
}
