using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tunmux.Core.Model;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Parses the decrypted XML replies. A non-empty root `message` (user) or `error` (manifest)
/// is AirVPN reporting a failure. Manifest servers inherit attributes they lack from the
/// `servers_group` named by their `group`.
/// </summary>
public static class AirVpnXml
{
    public static AirVpnUser ParseUser(string xml)
    {
        var root = Load(xml, "user");
        var message = (string?)root.Attribute("message");
        if (!string.IsNullOrWhiteSpace(message))
        {
            throw new AirVpnApiException($"AirVPN refused the request: {message}", AirVpnFailure.Refused);
        }

        return new AirVpnUser
        {
            Login = Text(root, "login"),
            WireGuardPublicKey = Text(root, "wg_public_key"),
            Keys =
            [
                .. Children(root, "keys", "key").Select(key => new AirVpnDeviceKey
                {
                    Name = Text(key, "name"),
                    WireGuardPrivateKey = new Secret(Text(key, "wg_private_key")),
                    Ipv4 = Text(key, "wg_ipv4"),
                    Ipv6 = Text(key, "wg_ipv6"),
                    DnsIpv4 = Text(key, "wg_dns_ipv4"),
                    DnsIpv6 = Text(key, "wg_dns_ipv6"),
                    PresharedKey = key.Attribute("wg_preshared") is { Value.Length: > 0 } psk ? new Secret(psk.Value) : null,
                }),
            ],
        };
    }

    public static AirVpnManifest ParseManifest(string xml)
    {
        var root = Load(xml, "manifest");
        var error = (string?)root.Attribute("error");
        if (!string.IsNullOrWhiteSpace(error))
        {
            throw new AirVpnApiException($"AirVPN refused the request: {error}", AirVpnFailure.Refused);
        }

        var groups = Children(root, "servers_groups", "servers_group")
            .GroupBy(group => Text(group, "group"), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);

        return new AirVpnManifest
        {
            Time = Number(root, null, "time"),
            Servers = [.. Children(root, "servers", "server").Select(server => ParseServer(server, groups))],
            WireGuardModes =
            [
                .. Children(root, "modes", "mode")
                    .Where(mode => string.Equals((string?)mode.Attribute("type"), "wireguard", StringComparison.OrdinalIgnoreCase))
                    .Select(mode => new AirVpnMode(Text(mode, "protocol"), (int)Number(mode, null, "port"), (int)Number(mode, null, "entry_index"))),
            ],
            ApiUrls = [.. Children(root, "urls", "url").Select(url => Text(url, "address")).Where(url => url.Length > 0)],
        };
    }

    private static AirVpnServer ParseServer(XElement server, Dictionary<string, XElement> groups)
    {
        var group = groups.GetValueOrDefault(Text(server, "group"));
        return new AirVpnServer
        {
            Name = Text(server, "name"),
            EntryIps = [.. Inherited(server, group, "ips_entry").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            CountryCode = Inherited(server, group, "country_code"),
            Location = Inherited(server, group, "location"),
            ScoreBase = Number(server, group, "scorebase"),
            Bandwidth = Number(server, group, "bw"),
            BandwidthMax = Number(server, group, "bw_max"),
            Users = Number(server, group, "users"),
            UsersMax = Number(server, group, "users_max"),
            Group = Text(server, "group"),
        };
    }

    private static XElement Load(string xml, string rootName)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException exception)
        {
            throw new AirVpnApiException($"The AirVPN reply is not valid XML: {exception.Message}", exception);
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != rootName)
        {
            throw new AirVpnApiException($"The AirVPN reply has root <{root?.Name.LocalName}>, expected <{rootName}>.");
        }

        return root;
    }

    private static IEnumerable<XElement> Children(XElement root, string container, string item) =>
        root.Elements(container).Elements(item);

    private static string Text(XElement element, string attribute) => (string?)element.Attribute(attribute) ?? "";

    private static string Inherited(XElement element, XElement? group, string attribute) =>
        (string?)element.Attribute(attribute) ?? (group is null ? null : (string?)group.Attribute(attribute)) ?? "";

    private static long Number(XElement element, XElement? group, string attribute)
    {
        var text = Inherited(element, group, attribute);
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AirVpnApiException($"AirVPN attribute '{attribute}' of <{element.Name.LocalName}> is not a number: '{text}'.");
    }
}
