using System.Globalization;

namespace Tunmux.Bench;

/// <summary>
/// Reads a server's resident memory and CPU time from /proc, its child processes included
/// (dante and socat fork per client or per group of clients).
/// </summary>
internal sealed class ProcessTree(int rootPid)
{
    /// <summary>USER_HZ: the unit of the times in /proc/PID/stat, 100 on every Linux we run on.</summary>
    private const double TicksPerSecond = 100;

    public int RootPid => rootPid;

    /// <summary>
    /// KiB resident: VmRSS when the server is one process; with children, the sum of PSS, so
    /// pages shared between them (the program itself, libraries) are counted once overall.
    /// </summary>
    public MemorySample Memory()
    {
        var pids = Members();
        if (pids.Count <= 1)
        {
            var anonymous = (StatusField(rootPid, "RssAnon:") ?? 0) + (StatusField(rootPid, "RssShmem:") ?? 0);
            return new MemorySample(StatusField(rootPid, "VmRSS:") ?? 0, 1) { PrivateKiB = anonymous };
        }

        long total = 0;
        foreach (var pid in pids)
        {
            total += RollupPss(pid) ?? 0;
        }

        return new MemorySample(total, pids.Count);
    }

    /// <summary>User plus system CPU seconds: the root's own and its reaped children's, plus live children's.</summary>
    public double CpuSeconds()
    {
        var ticks = 0L;
        foreach (var pid in Members())
        {
            if (ReadStat(pid) is not { } fields)
            {
                continue;
            }

            // Fields after the command name, counted from field 3 (state) at index 0: utime is field 14.
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (pid == rootPid)
            {
                ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
        }

        return ticks / TicksPerSecond;
    }

    public bool IsAlive() => Directory.Exists($"/proc/{rootPid}");

    /// <summary>The root and every descendant alive right now.</summary>
    private List<int> Members()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ReadStat(pid) is not { } fields)
            {
                continue;
            }

            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var members = new List<int> { rootPid };
        for (var i = 0; i < members.Count; i++)
        {
            if (children.TryGetValue(members[i], out var list))
            {
                members.AddRange(list);
            }
        }

        return members;
    }

    /// <summary>The fields after "(comm)"; the name itself may hold spaces and parentheses.</summary>
    private static string[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? StatusField(int pid, string name) => KiBField($"/proc/{pid}/status", name);

    private static long? RollupPss(int pid) => KiBField($"/proc/{pid}/smaps_rollup", "Pss:");

    private static long? KiBField(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}

/// <summary>Resident KiB and how many processes it was summed over.</summary>
internal readonly record struct MemorySample(long KiB, int Processes)
{
    /// <summary>
    /// For one process: resident pages that are its own (heap, stacks, JIT output), as opposed to
    /// mapped files such as the program and its runtime, which every process running them shares.
    /// </summary>
    public long? PrivateKiB { get; init; }

    public double MiB => KiB / 1024.0;
}
