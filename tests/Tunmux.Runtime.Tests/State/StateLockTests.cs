using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Tests.State;

/// <summary>
/// The state lock: shared among this process's workers, exclusive against a one-shot reconcile of
/// everything, and an flock against other processes (played here by a second open of the file).
/// </summary>
public sealed class StateLockTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-lock-").FullName;

    private string LockFile => Path.Combine(_root, "state", "lock");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Shared_holders_hold_it_together()
    {
        using var first = await StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        var second = StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        second.IsCompletedSuccessfully.Should().BeTrue();
        (await second).Dispose();
    }

    [Fact]
    public async Task An_exclusive_holder_waits_until_no_shared_holder_is_left_and_then_keeps_them_out()
    {
        var shared = await StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        var exclusive = StateLock.AcquireAsync(LockFile, Patience, CancellationToken.None);
        exclusive.IsCompleted.Should().BeFalse();

        // A waiting exclusive holder (the orphan sweep) never stalls the workers' passes.
        var lateShared = StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        lateShared.IsCompletedSuccessfully.Should().BeTrue();
        shared.Dispose();
        exclusive.IsCompleted.Should().BeFalse();
        (await lateShared).Dispose();

        var held = await exclusive.WaitAsync(Patience);
        var afterExclusive = StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        afterExclusive.IsCompleted.Should().BeFalse();
        held.Dispose();
        (await afterExclusive.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task Another_process_holding_the_flock_keeps_even_shared_holders_out()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        var other = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var shared = StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        shared.IsCompleted.Should().BeFalse();

        await other.DisposeAsync();
        using var held = await shared.WaitAsync(Patience);

        // While this process holds it, the other cannot take it.
        FluentActions.Invoking(() => new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            .Should().Throw<IOException>();
    }

    [Fact]
    public async Task The_flock_is_let_go_when_the_last_holder_leaves()
    {
        var first = await StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        var second = await StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        first.Dispose();
        FluentActions.Invoking(() => new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            .Should().Throw<IOException>("one holder is still there");
        second.Dispose();
        using var other = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public async Task Waiting_longer_than_the_timeout_says_who_holds_it()
    {
        using var held = await StateLock.AcquireSharedAsync(LockFile, Patience, CancellationToken.None);
        await FluentActions.Awaiting(() => StateLock.AcquireAsync(LockFile, TimeSpan.FromMilliseconds(100), CancellationToken.None))
            .Should().ThrowAsync<TimeoutException>().WithMessage("*another tunmux holds*");
    }
}
