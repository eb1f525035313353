using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.State;

/// <summary>Issue #9: one daemon per state directory, held for its life rather than proven by the socket.</summary>
public sealed class DaemonLockTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_second_holder_on_the_same_state_directory_is_refused_with_a_clear_reason()
    {
        using var first = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out var firstProblem);

        using var second = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out var problem);

        first.Should().NotBeNull(firstProblem);
        second.Should().BeNull();
        problem.Should().Contain("another tunmux daemon is running on the state directory " + _workspace.Paths.StateDir)
            .And.Contain("--state-dir");
    }

    [Fact]
    public void The_lock_is_free_again_once_its_holder_lets_go()
    {
        DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out _)!.Dispose();

        using var again = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out var problem);

        again.Should().NotBeNull(problem);
    }

    [Fact]
    public async Task The_per_change_state_lock_does_not_stand_in_for_the_daemon_lock()
    {
        // Apply runs take the state lock for each change; holding it must not keep a daemon out, nor the reverse.
        _workspace.Paths.DaemonLockFile.Should().NotBe(_workspace.Paths.LockFile);
        using var daemon = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out var problem);

        daemon.Should().NotBeNull(problem);
        using var change = await StateLock.AcquireAsync(_workspace.Paths.LockFile, TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [Fact]
    public void A_symbolic_link_in_place_of_the_lock_file_is_refused()
    {
        Directory.CreateDirectory(_workspace.Paths.StateDir);
        var elsewhere = Path.Combine(_workspace.Paths.StateDir, "elsewhere");
        File.CreateSymbolicLink(_workspace.Paths.DaemonLockFile, elsewhere);

        using var held = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out var problem);

        held.Should().BeNull();
        problem.Should().Contain("symbolic link");
        File.Exists(elsewhere).Should().BeFalse("the link's target is never created");
    }

    [Fact]
    public async Task A_waiting_holder_gets_the_lock_once_the_first_lets_go()
    {
        var first = DaemonLock.TryAcquire(_workspace.Paths.DaemonLockFile, out _)!;

        var waiting = DaemonLock.WaitAsync(_workspace.Paths.DaemonLockFile, TimeSpan.FromSeconds(60), CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse("the lock is held");
        first.Dispose();
        var (second, problem) = await waiting;

        using (second)
        {
            second.Should().NotBeNull(problem);
        }
    }
}
