using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Core.Model;

/// <summary>
/// Names of the host objects that belong to a tunnel. The prefixes mark ownership and let
/// parallel test runs use disjoint names; interface names are cut to the kernel's 15 bytes
/// with a short hash so that two long tunnel names never collide.
/// </summary>
public sealed record HostNaming(string NamespacePrefix = HostNaming.DefaultNamespacePrefix, string InterfacePrefix = HostNaming.DefaultInterfacePrefix)
{
    public const string DefaultNamespacePrefix = "tunmux_";
    public const string DefaultInterfacePrefix = "wg-";
    public const int MaxInterfaceName = 15;

    public string NamespaceFor(string tunnelName) => NamespacePrefix + tunnelName;

    public string InterfaceFor(string tunnelName)
    {
        var full = InterfacePrefix + tunnelName;
        if (full.Length <= MaxInterfaceName)
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tunnelName)))[..4];
        var room = MaxInterfaceName - InterfacePrefix.Length - hash.Length - 1;
        if (room < 1)
        {
            return (InterfacePrefix + hash)[..MaxInterfaceName];
        }

        return $"{InterfacePrefix}{tunnelName[..room]}-{hash}";
    }

    /// <summary>
    /// Whether <paramref name="name"/> is an interface name tunmux gives: the interface prefix, then
    /// something, within the kernel's 15 bytes. (A shortened name's tunnel cannot be told back, so
    /// this answers for the form, not for one tunnel.)
    /// </summary>
    public bool IsInterfaceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > InterfacePrefix.Length
            && Encoding.UTF8.GetByteCount(name) <= MaxInterfaceName
            && name.StartsWith(InterfacePrefix, StringComparison.Ordinal)
            && !name.Any(c => c == '/' || char.IsControl(c) || char.IsWhiteSpace(c));
    }

    /// <summary>The tunnel name a namespace belongs to, or null when the namespace is not ours.</summary>
    public string? TunnelOfNamespace(string namespaceName) =>
        namespaceName.StartsWith(NamespacePrefix, StringComparison.Ordinal) && namespaceName.Length > NamespacePrefix.Length
            ? namespaceName[NamespacePrefix.Length..]
            : null;
}
