using Tunmux.Linux.Tests.Fakes.Logging;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>A driver wired to a recording runner, a fake launcher and a temporary host; wireguard-go "creates" its (listening) socket when started and closes it when stopped.</summary>
internal sealed class DriverFixture : IDisposable
{
    private readonly Dictionary<Tunmux.Core.State.ProcessRef, System.Net.Sockets.Socket> _uapiSockets = [];

    public DriverFixture(string? hostNamespace = null, bool kernelModule = false)
    {
        Runner = new RecordingCommandRunner(Host);
        if (kernelModule)
        {
            Host.LoadKernelModule();
        }
        else
        {
            // As on this machine: no module, and modprobe cannot load one.
            Runner.Fail("modprobe -q wireguard", "");
        }

        Options = Host.Options(hostNamespace);
        Launcher.OnStart = started =>
        {
            if (started.Argv is [_, "-f", var iface])
            {
                _uapiSockets[started.Process] = FakeUapiSocket.Listen(Host.Paths.WireGuardSocket(iface));
            }
        };
        Launcher.OnStop = process =>
        {
            if (_uapiSockets.Remove(process, out var socket))
            {
                socket.Dispose();
            }
        };
        Driver = new LinuxExitDriver(Options, Runner, Launcher, Logger, Time, Nudge, Resolver, Routing, key => DerivePublicKey(key));
    }

    public TestHost Host { get; } = new();

    public RecordingCommandRunner Runner { get; }

    public FakeProcessLauncher Launcher { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public FixedTime Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingNudge Nudge { get; } = new();

    public FakeResolver Resolver { get; } = new();

    public FakeRoutingReader Routing { get; } = new();

    /// <summary>How the driver derives a public key from wireguard-go's answer; a test may make it fail as a host without libsodium would.</summary>
    public Tunmux.Linux.WireGuard.PublicKeyDerivation DerivePublicKey { get; set; } = Tunmux.Linux.WireGuard.X25519.PublicKeyOf;

    public LinuxDriverOptions Options { get; }

    public LinuxExitDriver Driver { get; }

    public void Dispose()
    {
        foreach (var socket in _uapiSockets.Values)
        {
            socket.Dispose();
        }

        Host.Dispose();
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
