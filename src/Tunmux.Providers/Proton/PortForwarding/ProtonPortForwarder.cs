namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>
/// Keeps a Proton forwarded port alive: maps UDP and TCP with a 60-second lifetime (as Proton's
/// own clients do: internal port 1, no suggested port) and renews well before it lapses. Tells
/// <see cref="PortChanged"/> when the public port is new or different, so status and hooks follow.
/// </summary>
public sealed class ProtonPortForwarder(NatPmpClient client, TimeProvider? time = null)
{
    public const uint LifetimeSeconds = 60;
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(45);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ForwardedPort? Current { get; private set; }

    /// <summary>Called with the previous port (null at first) and the new one.</summary>
    public Func<int?, int, CancellationToken, Task>? PortChanged { get; set; }

    /// <summary>One mapping round: UDP then TCP. Both must succeed and agree on the port.</summary>
    public async Task<ForwardedPort> RenewAsync(CancellationToken cancellationToken)
    {
        var udp = await MapAsync(NatPmpProtocol.Udp, cancellationToken).ConfigureAwait(false);
        var tcp = await MapAsync(NatPmpProtocol.Tcp, cancellationToken).ConfigureAwait(false);
        if (udp.ExternalPort != tcp.ExternalPort)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway gave UDP port {udp.ExternalPort} but TCP port {tcp.ExternalPort}");
        }

        var previous = Current;
        Current = new ForwardedPort(tcp.ExternalPort, _time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(udp.LifetimeSeconds, tcp.LifetimeSeconds)));
        if (previous?.Port != Current.Port && PortChanged is { } changed)
        {
            await changed(previous?.Port, Current.Port, cancellationToken).ConfigureAwait(false);
        }

        return Current;
    }

    /// <summary>Renews until cancelled; a failed round is retried at the next tick while the old mapping may still hold.</summary>
    public async Task RunAsync(Action<Exception>? onError, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or FormatException or System.Net.Sockets.SocketException)
            {
                onError?.Invoke(exception);
            }

            try
            {
                await Task.Delay(RenewEvery, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<NatPmpMappingResponse> MapAsync(NatPmpProtocol protocol, CancellationToken cancellationToken)
    {
        var reply = await client.MapAsync(protocol, internalPort: 1, suggestedExternalPort: 0, LifetimeSeconds, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            throw new InvalidOperationException($"the NAT-PMP gateway refused the {protocol} mapping: {reply.Result}");
        }

        return reply;
    }
}
