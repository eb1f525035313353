namespace Tunmux.Daemon.Tests.Control.Support;

/// <summary>This test process's own ids and groups, read from /proc/self/status (independently of the code under test).</summary>
internal static class OwnIds
{
    public static uint EffectiveUid() => Field("Uid:")[1];

    public static uint EffectiveGid() => Field("Gid:")[1];

    public static IReadOnlyList<uint> SupplementaryGroups() => Field("Groups:");

    private static uint[] Field(string name) =>
        File.ReadAllLines("/proc/self/status")
            .Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..]
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(uint.Parse)
            .ToArray();
}
