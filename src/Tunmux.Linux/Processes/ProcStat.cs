using System.Globalization;
using Tunmux.Core.State;

namespace Tunmux.Linux.Processes;

/// <summary>Reads process identity from /proc, so records survive PID reuse.</summary>
public static class ProcStat
{
    /// <summary>Field 22 of /proc/PID/stat: start time in clock ticks after boot; null when the process is gone.</summary>
    public static ulong? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return ParseStartTime(stat);
    }

    /// <summary>
    /// The command name (field 2) may contain spaces and parentheses, so fields are counted
    /// from the last ')' onwards: field 3 is the first after it, field 22 the twentieth.
    /// </summary>
    public static ulong? ParseStartTime(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTimeIndexAfterComm = 22 - 3;
        return fields.Length > startTimeIndexAfterComm
            && ulong.TryParse(fields[startTimeIndexAfterComm], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? ticks
                : null;
    }

    /// <summary>A reference to a live process, or null when it already exited.</summary>
    public static ProcessRef? Capture(int pid) => StartTime(pid) is { } start ? new ProcessRef(pid, start) : null;

    /// <summary>True when the process is alive and is the same process that was recorded (not a zombie).</summary>
    public static bool IsAlive(ProcessRef process)
    {
        if (StartTime(process.Pid) != process.StartTime)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{process.Pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
