using System.IO.Pipelines;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Control.Server;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Testing;

namespace Tunmux.Cli.Tests.Daemon;

/// <summary>
/// The daemon's request handler on the harness's fake host, served over in-memory pipes with the
/// same protocol code as the socket: commands of a <see cref="CliHarness"/> built with
/// <see cref="Connector"/> go through it as a peer with <see cref="PeerUid"/>.
/// </summary>
internal sealed class InProcessDaemon : IAsyncDisposable
{
    private readonly List<Task> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private ControlLoop? _loop;

    public uint PeerUid { get; set; } = 1000;

    public int Connections { get; private set; }

    /// <summary>False: no daemon answers, so commands run in-process (on the same state and host).</summary>
    public bool Answers { get; set; } = true;

    public string ForwardedDirectory(CliHarness cli) => Path.Combine(cli.Root, "state", "forwarded");

    public Func<CliHarness, Func<CancellationToken, Task<ControlClient?>>> Connector => cli => _ => Task.FromResult(Answers ? Connect(cli) : null);

    private ControlClient? Connect(CliHarness cli)
    {
        Connections++;
        var paths = TunmuxPaths.FromEnvironment(null, cli.Context.Environment);
        var operations = new LoopControlOperations(Loop(cli, paths), new HostViewer(paths, cli.Host, time: CliHarness.Time), new DeclaredStateStore(paths));
        var handler = new ControlRequestHandler(operations, new ForwardedFileStore(ForwardedDirectory(cli)));
        var toDaemon = new Pipe();
        var fromDaemon = new Pipe();
        _sessions.Add(Task.Run(async () =>
        {
            await ControlSession.ServeAsync(toDaemon.Reader.AsStream(), fromDaemon.Writer.AsStream(), handler, new PeerCredentials(4242, PeerUid, PeerUid));
            await fromDaemon.Writer.CompleteAsync();
        }));
        return ControlClient.Over(fromDaemon.Reader.AsStream(), toDaemon.Writer.AsStream(), "in-process daemon", new Completion(toDaemon.Writer));
    }

    /// <summary>A control loop as the daemon builds it, on the harness's fake host and clock (not started).</summary>
    internal static ControlLoop NewLoop(CliHarness cli, TunmuxPaths paths) => TestControlLoops.New(paths, cli.Host, CliHarness.Time);

    /// <summary>The daemon's control loop on the harness's host, started at the first connection and kept for the test.</summary>
    private ControlLoop Loop(CliHarness cli, TunmuxPaths paths)
    {
        if (_loop is null)
        {
            _loop = NewLoop(cli, paths);
            _loop.StartAsync(_stop.Token).GetAwaiter().GetResult();
        }

        return _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.StopAsync(CancellationToken.None);
            _loop.Dispose();
        }

        _stop.Dispose();
    }

    private sealed class Completion(PipeWriter writer) : IDisposable
    {
        public void Dispose() => writer.Complete();
    }
}
