using Tunmux.Core.Lifecycle;

namespace Tunmux.Core.Tests.Lifecycle;

internal static class Contexts
{
    /// <summary>The default policy without jitter, so retry times in tests are exact.</summary>
    public static LifecyclePolicy Policy { get; } = LifecyclePolicy.Default with
    {
        BuildBackoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), jitterRatio: 0),
    };

    public static LifecycleContext WithPeers(int peers, LifecyclePolicy? policy = null) => new(peers, policy ?? Policy);

    public static LifecycleContext OnePeer { get; } = WithPeers(1);

    public static LifecycleContext TwoPeers { get; } = WithPeers(2);
}
