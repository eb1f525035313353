using System.Text;

namespace Tunmux.Providers.Naming;

/// <summary>
/// Short host-safe names for provider servers, as the original tunmux derives them
/// ("US#1" becomes "us-1"): lower case, '#' becomes '-', only [a-z0-9-] kept, dashes
/// trimmed, at most 12 characters.
/// </summary>
public static class InstanceName
{
    public const int MaxLength = 12;

    public static string FromServerName(string serverName)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        var kept = new StringBuilder(serverName.Length);
        foreach (var c in serverName.ToLowerInvariant())
        {
            var mapped = c == '#' ? '-' : c;
            if (mapped is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            {
                kept.Append(mapped);
            }
        }

        var name = kept.ToString().Trim('-');
        if (name.Length > MaxLength)
        {
            name = name[..MaxLength].TrimEnd('-');
        }

        return name;
    }
}
