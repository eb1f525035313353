namespace Tunmux.Daemon.Hosting;

/// <summary>
/// What /readyz waits for beyond the control loop's first round: each declared-state source that
/// needs time for its first full observation (the Kubernetes watches) adds its condition here.
/// </summary>
public sealed class Readiness
{
    private readonly List<Func<bool>> _conditions = [];

    public void Add(Func<bool> condition)
    {
        lock (_conditions)
        {
            _conditions.Add(condition);
        }
    }

    public bool IsReady
    {
        get
        {
            lock (_conditions)
            {
                return _conditions.TrueForAll(c => c());
            }
        }
    }
}
