using Tunmux.Linux.Tests.Fakes.Logging;

namespace Tunmux.Linux.Tests.Fakes;

/// <summary>A driver wired to a recording runner, a fake launcher and a temporary host; wireguard-go "creates" its socket when started.</summary>
internal sealed class DriverFixture : IDisposable
{
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
                File.WriteAllText(Host.Paths.WireGuardSocket(iface), "");
            }
        };
        Driver = new LinuxExitDriver(Options, Runner, Launcher, Logger, Time, Nudge, Resolver);
    }

    public TestHost Host { get; } = new();

    public RecordingCommandRunner Runner { get; }

    public FakeProcessLauncher Launcher { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public FixedTime Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingNudge Nudge { get; } = new();

    public FakeResolver Resolver { get; } = new();

    public LinuxDriverOptions Options { get; }

    public LinuxExitDriver Driver { get; }

    public void Dispose() => Host.Dispose();
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
