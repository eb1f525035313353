namespace Tunmux.Core.State;

/// <summary>
/// A process we started, identified by PID and its start time (clock ticks since boot, field 22
/// of /proc/PID/stat), so that a reused PID is never mistaken for ours.
/// </summary>
public sealed record ProcessRef(int Pid, ulong StartTime);
