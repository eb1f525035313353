using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;

namespace Tunmux.Kubernetes;

/// <summary>
/// The cluster's objects for this node as one of the control loop's declared-state sources. The
/// watches keep the source current by themselves, so <see cref="Reload"/> only tells whether the
/// kept set moved since the loop last asked, and <see cref="Watch"/> passes on the watches' changes.
/// The mounted Secret counts too: keys and credentials are read from it at each reconcile, so when
/// kubelet swaps in new content the loop runs again and rebuilds what uses a changed key.
/// </summary>
public sealed class KubernetesDeclaredSource(KubernetesSource source, MountedSecrets? secrets = null) : IDeclaredSource
{
    private string _seen = "";

    public string Name => "kubernetes";

    public IReadOnlyList<ManifestObject> Objects => source.Current();

    public IReadOnlyList<ManifestError> Errors => source.Problems;

    public bool Reload()
    {
        var now = Fingerprint();
        var changed = now != Interlocked.Exchange(ref _seen, now);
        return changed;
    }

    public IDisposable? Watch(Action changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        void OnChanged()
        {
            if (Reload())
            {
                changed();
            }
        }

        source.Changed += OnChanged;
        var secretsWatch = secrets?.Watch(OnChanged);
        return new Unsubscribe(() =>
        {
            source.Changed -= OnChanged;
            secretsWatch?.Dispose();
        });
    }

    private string Fingerprint() =>
        string.Join('\n', source.Current().Select(o => $"{o.KindAndName}:{o.GetHashCode()}"))
        + "|" + source.Problems.Count
        + "|" + secrets?.Version();

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
