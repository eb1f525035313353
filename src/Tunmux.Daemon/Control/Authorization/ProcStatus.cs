using System.Globalization;

namespace Tunmux.Daemon.Control.Authorization;

/// <summary>The two lines of /proc/PID/status the authorizer reads: "Uid:" and "Groups:".</summary>
public sealed record ProcStatus(uint? EffectiveUid, IReadOnlyList<uint>? Groups)
{
    /// <summary>Parses the text of /proc/PID/status; a missing or garbled line gives null for that field.</summary>
    public static ProcStatus Parse(string text)
    {
        uint? effectiveUid = null;
        IReadOnlyList<uint>? groups = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                // Real, effective, saved set, filesystem; SO_PEERCRED reports the effective uid.
                var ids = Numbers(line["Uid:".Length..]);
                effectiveUid = ids is { Count: >= 2 } ? ids[1] : null;
            }
            else if (line.StartsWith("Groups:", StringComparison.Ordinal))
            {
                groups = Numbers(line["Groups:".Length..]);
            }
        }

        return new ProcStatus(effectiveUid, groups);
    }

    private static List<uint>? Numbers(string field)
    {
        var numbers = new List<uint>();
        foreach (var token in field.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            numbers.Add(number);
        }

        return numbers;
    }
}
