using Tunmux.Runtime.Controller;

namespace Tunmux.Runtime.Tests.Controller;

public sealed class KeyLocksTests
{
    [Fact]
    public async Task A_held_key_keeps_a_second_holder_out_until_it_is_released()
    {
        var locks = new KeyLocks();
        var first = await locks.AcquireAsync("a", CancellationToken.None);
        var second = locks.AcquireAsync("a", CancellationToken.None);
        second.IsCompleted.Should().BeFalse();

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(20))).Dispose();
        locks.Count.Should().Be(0, "an entry lives only while the key is held or waited for");
    }

    [Fact]
    public async Task Different_keys_are_held_at_the_same_time()
    {
        var locks = new KeyLocks();
        using var a = await locks.AcquireAsync("a", CancellationToken.None);
        var b = locks.AcquireAsync("b", CancellationToken.None);
        b.IsCompletedSuccessfully.Should().BeTrue();
        (await b).Dispose();
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_key_to_the_next()
    {
        var locks = new KeyLocks();
        var first = await locks.AcquireAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var gaveUp = locks.AcquireAsync("a", cancel.Token);
        var next = locks.AcquireAsync("a", CancellationToken.None);
        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => gaveUp).Should().ThrowAsync<OperationCanceledException>();

        first.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(20))).Dispose();
        locks.Count.Should().Be(0);
    }
}
