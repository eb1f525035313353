namespace Tunmux.Lab;

/// <summary>
/// How to build the lab. The prefixes make every namespace, interface and wireguard-go
/// socket name the lab's own, so parallel test runs never meet. <paramref name="SelfCommand"/>
/// is the argv prefix that runs tunmux itself (the whoami server is a hidden tunmux command).
/// <paramref name="HostNamespace"/> is where "the host" side (one veth end and one route)
/// goes: null means the namespace this process runs in; tests name a sandbox namespace.
/// </summary>
public sealed record LabOptions(
    int Exits,
    string NamespacePrefix,
    string InterfacePrefix,
    string Directory,
    IReadOnlyList<string> SelfCommand,
    string? HostNamespace = null)
{
    public const string DefaultNamespacePrefix = "tmuxlab_";
    public const string DefaultInterfacePrefix = "tmxl";
    public const string DefaultDirectory = "/var/lib/tunmux/lab";

    /// <summary>The address plan gives each exit one 198.18.i.0/30 and one 10.66.i.0/24.</summary>
    public const int MaxExits = 254;

    /// <summary>The defaults a person gets from <c>tunmux lab up</c>.</summary>
    public static LabOptions Default(int exits, IReadOnlyList<string> selfCommand) =>
        new(exits, DefaultNamespacePrefix, DefaultInterfacePrefix, DefaultDirectory, selfCommand);

    /// <summary>Every reason these options cannot build a lab; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Exits is < 1 or > MaxExits)
        {
            problems.Add($"exits must be from 1 to {MaxExits}, not {Exits}");
        }

        if (!IsName(NamespacePrefix))
        {
            problems.Add($"namespace prefix '{NamespacePrefix}' must be letters, digits, '_' or '-'");
        }

        if (!IsName(InterfacePrefix))
        {
            problems.Add($"interface prefix '{InterfacePrefix}' must be letters, digits, '_' or '-'");
        }
        else
        {
            var longest = LabNames.LongestInterfaceName(this);
            if (longest.Length > LabNames.MaxInterfaceName)
            {
                problems.Add($"interface prefix '{InterfacePrefix}' is too long: '{longest}' exceeds {LabNames.MaxInterfaceName} bytes");
            }
        }

        if (!Path.IsPathRooted(Directory))
        {
            problems.Add($"lab directory '{Directory}' must be an absolute path");
        }

        if (SelfCommand.Count == 0)
        {
            problems.Add("the command that runs tunmux itself is empty");
        }

        if (HostNamespace is not null && !IsName(HostNamespace))
        {
            problems.Add($"host namespace '{HostNamespace}' is not a namespace name");
        }

        return problems;
    }

    public void EnsureValid()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid lab options: " + string.Join("; ", problems));
        }
    }

    private static bool IsName(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
