using Microsoft.Extensions.Hosting;
using Tunmux.Kubernetes;
using Tunmux.Runtime.Controller;

namespace Tunmux.Agent;

/// <summary>Runs the agent's watches, Lease and status writes for the daemon's lifetime, reading the control loop's live status.</summary>
public sealed class KubernetesAgentService(KubernetesAgent agent, ControlLoop loop) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => agent.RunAsync(() => loop.Board.Current, stoppingToken);
}
