using Microsoft.Extensions.Logging;
using Tunmux.Core.PortForwarding;

namespace Tunmux.Runtime.PortForwarding;

/// <summary>
/// Keeps one tunnel's forwarded port: asks the gateway, renews on the policy's schedule, retries
/// failures with backoff and runs the hook when the port changes. Every change of state is
/// published (the keeper process writes it to its state file, which status reads). Runs until
/// cancelled; no failure ends it, since the next round may succeed.
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var state = PortRenewalPolicy.Start(tunnel, _time.GetUtcNow());
        publish(state);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                state = await RoundAsync(state, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(5104, LogLevel.Warning, "{Tunnel}: the hook for port {Port} failed: {Error}; it runs again at the next renewal")]
    private static partial void LogHookFailed(ILogger logger, string tunnel, int port, string error);
}
