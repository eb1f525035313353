using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Authorization;
using Tunmux.Daemon.Control.Server;

namespace Tunmux.Testing.Control;

/// <summary>A control server serving in the background for one test.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>A group name no test machine has, so the server never tries to chown.</summary>
    public const string MissingGroup = "tmx-no-such-group";

    private readonly CancellationTokenSource _stop;

    private RunningServer(ControlServer server, CancellationTokenSource stop)
    {
        Server = server;
        _stop = stop;
        Running = server.RunAsync(stop.Token);
    }

    public ControlServer Server { get; }

    public Task Running { get; }

    public static ControlServerOptions Options(string socketPath) => new()
    {
        SocketPath = socketPath,
        Group = MissingGroup,
        AcceptSocketActivation = false,
    };

    public static async Task<RunningServer> StartAsync(
        string socketPath,
        IControlHandler handler,
        IPeerAuthorizer? authorizer = null,
        Func<ControlServerOptions, ControlServerOptions>? configure = null)
    {
        var options = Options(socketPath);
        options = configure?.Invoke(options) ?? options;
        var server = await ControlServer.ListenAsync(options, handler, authorizer ?? FixedAuthorizer.AllowAll);
        return Start(server);
    }

    public static RunningServer Start(ControlServer server) => new(server, new CancellationTokenSource());

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.IsCompleted)
        {
            await StopAsync();
        }

        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
