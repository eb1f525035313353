using System.Globalization;
using System.Text;

namespace Tunmux.Lab;

/// <summary>
/// The example manifest <c>lab up</c> writes: per exit, a Tunnel reading the exit's wg-quick
/// file and a Proxy with SOCKS5 on 1080+ and HTTP on 8118+. examples/lab.yaml is this
/// output for two exits in the default directory.
/// </summary>
public static class LabManifest
{
    public static string Render(LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("# The tunmux lab: local WireGuard exits made by `tunmux lab up`, no VPN account needed.\n");
        text.Append("# Apply with `tunmux apply -f ").Append(Path.Combine(options.Directory, LabNames.ManifestFile))
            .Append("`; `tunmux lab down` removes the exits.\n");
        text.Append("# Through exit N, http://").Append(LabAddresses.ServiceAddress)
            .Append("/ (whoami.lab) answers with that exit's address, 198.18.N.2.\n");
        for (var exit = 1; exit <= options.Exits; exit++)
        {
            var name = LabNames.TunnelName(exit);
            text.Append("---\n");
            text.Append("apiVersion: tunmux.io/v1alpha1\n");
            text.Append("kind: Tunnel\n");
            text.Append("metadata:\n");
            text.Append("  name: ").Append(name).Append('\n');
            text.Append("spec:\n");
            text.Append("  wireguard:\n");
            text.Append("    configFile: ").Append(YamlScalar(LabNames.ConfigFile(options, exit))).Append('\n');
            text.Append("---\n");
            text.Append("apiVersion: tunmux.io/v1alpha1\n");
            text.Append("kind: Proxy\n");
            text.Append("metadata:\n");
            text.Append("  name: ").Append(name).Append('\n');
            text.Append("spec:\n");
            text.Append("  tunnelRef: ").Append(name).Append('\n');
            text.Append("  socks:\n");
            text.Append("    listen: 127.0.0.1:").Append(LabPorts.Socks(exit).ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append("  http:\n");
            text.Append("    listen: 127.0.0.1:").Append(LabPorts.Http(exit).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A plain scalar when that is unambiguous, otherwise a double-quoted one.</summary>
    internal static string YamlScalar(string value)
    {
        var plain = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-');
        if (plain)
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
