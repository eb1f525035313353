using Tunmux.Core.Model;

namespace Tunmux.Core.WireGuard;

/// <summary>One pass over a wg-quick file, collecting every error rather than stopping at the first.</summary>
internal sealed class WgQuickParser
{
    /// <summary>wg-quick settings that only drive wg-quick's own routing and hooks; tunmux does that itself.</summary>
    private static readonly HashSet<string> IgnoredInterfaceKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Table", "PreUp", "PostUp", "PreDown", "PostDown", "SaveConfig", "FwMark",
    };

    private readonly List<WgQuickError> _errors = [];
    private readonly List<WgQuickError> _warnings = [];
    private readonly List<PeerDraft> _peers = [];
    private readonly List<string> _addresses = [];
    private readonly List<string> _dns = [];
    private int _interfaceLine;
    private Secret? _privateKey;
    private int? _mtu;
    private Section _section = Section.None;

    private enum Section
    {
        None,
        Interface,
        Peer,
        Unknown,
    }

    public WgQuickParseResult Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            ParseLine(index + 1, lines[index]);
        }

        CheckCompleteness();
        if (_errors.Count > 0)
        {
            return new WgQuickParseResult(null, _errors, _warnings);
        }

        var peers = _peers.Select(p => new WireGuardPeer(p.PublicKey!, p.Endpoint, p.AllowedIps, p.PresharedKey, p.PersistentKeepalive)).ToList();
        return new WgQuickParseResult(new WireGuardConfig(_privateKey!, _addresses, _dns, _mtu, peers), _errors, _warnings);
    }

    private void ParseLine(int line, string raw)
    {
        // wg-quick drops everything after '#'; base64 keys never contain '#' or ';'.
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var content = (hash >= 0 ? raw[..hash] : raw).Trim();
        if (content.Length == 0 || content.StartsWith(';'))
        {
            return;
        }

        if (content.StartsWith('[') && content.EndsWith(']'))
        {
            StartSection(line, content[1..^1].Trim());
            return;
        }

        var equals = content.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            _errors.Add(new WgQuickError(line, "expected a [Section] header or a 'Key = Value' line"));
            return;
        }

        // Split at the first '=' only: base64 keys end with '='.
        var key = content[..equals].Trim();
        var value = content[(equals + 1)..].Trim();
        switch (_section)
        {
            case Section.None:
                _errors.Add(new WgQuickError(line, $"'{key}' appears before any [Interface] or [Peer] section"));
                break;
            case Section.Interface:
                InterfaceKey(line, key, value);
                break;
            case Section.Peer:
                PeerKey(line, _peers[^1], key, value);
                break;
            case Section.Unknown:
                break; // the unknown section header was already reported
        }
    }

    private void StartSection(int line, string name)
    {
        if (name.Equals("Interface", StringComparison.OrdinalIgnoreCase))
        {
            if (_interfaceLine > 0)
            {
                _errors.Add(new WgQuickError(line, $"a second [Interface] section (the first is on line {_interfaceLine})"));
            }
            else
            {
                _interfaceLine = line;
            }

            _section = Section.Interface;
        }
        else if (name.Equals("Peer", StringComparison.OrdinalIgnoreCase))
        {
            _peers.Add(new PeerDraft(line));
            _section = Section.Peer;
        }
        else
        {
            _errors.Add(new WgQuickError(line, $"unknown section [{name}]; expected [Interface] or [Peer]"));
            _section = Section.Unknown;
        }
    }

    private void InterfaceKey(int line, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "privatekey":
                if (_privateKey is not null)
                {
                    _errors.Add(new WgQuickError(line, "PrivateKey is set twice in [Interface]"));
                }
                else if (!WireGuardKeyFormat.IsValid(value))
                {
                    _errors.Add(new WgQuickError(line, "PrivateKey is not a WireGuard key (32 bytes as 44 base64 characters)"));
                }
                else
                {
                    _privateKey = new Secret(value);
                }

                break;
            case "address":
                foreach (var item in SplitList(value))
                {
                    AddIfValid(line, "Address", item, WgQuickValues.IsAddressWithOptionalPrefix(item), _addresses);
                }

                break;
            case "dns":
                foreach (var item in SplitList(value))
                {
                    if (System.Net.IPAddress.TryParse(item, out _))
                    {
                        _dns.Add(item);
                    }
                    else
                    {
                        _warnings.Add(new WgQuickError(line, $"DNS search domain '{item}' is ignored; only server addresses are used"));
                    }
                }

                break;
            case "mtu":
                if (_mtu is not null)
                {
                    _errors.Add(new WgQuickError(line, "MTU is set twice in [Interface]"));
                }
                else if (WgQuickValues.ParseInt(value, 576, 65535) is { } mtu)
                {
                    _mtu = mtu;
                }
                else
                {
                    _errors.Add(new WgQuickError(line, $"MTU '{value}' is not a number from 576 to 65535"));
                }

                break;
            case "listenport":
                break; // a client lets WireGuard pick its own port
            default:
                if (IgnoredInterfaceKeys.Contains(key))
                {
                    _warnings.Add(new WgQuickError(line, $"{key} is a wg-quick setting that tunmux ignores; tunmux sets up routing itself"));
                }
                else
                {
                    _errors.Add(new WgQuickError(line, $"unknown key '{key}' in [Interface]"));
                }

                break;
        }
    }

    private void PeerKey(int line, PeerDraft peer, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "publickey":
                if (peer.PublicKey is not null)
                {
                    _errors.Add(new WgQuickError(line, "PublicKey is set twice in this [Peer]"));
                }
                else if (!WireGuardKeyFormat.IsValid(value))
                {
                    _errors.Add(new WgQuickError(line, "PublicKey is not a WireGuard key (32 bytes as 44 base64 characters)"));
                }
                else
                {
                    peer.PublicKey = value;
                }

                break;
            case "presharedkey":
                if (peer.PresharedKey is not null)
                {
                    _errors.Add(new WgQuickError(line, "PresharedKey is set twice in this [Peer]"));
                }
                else if (!WireGuardKeyFormat.IsValid(value))
                {
                    _errors.Add(new WgQuickError(line, "PresharedKey is not a WireGuard key (32 bytes as 44 base64 characters)"));
                }
                else
                {
                    peer.PresharedKey = new Secret(value);
                }

                break;
            case "endpoint":
                if (peer.Endpoint is not null)
                {
                    _errors.Add(new WgQuickError(line, "Endpoint is set twice in this [Peer]"));
                }
                else if (WgQuickValues.IsEndpoint(value))
                {
                    peer.Endpoint = value;
                }
                else
                {
                    _errors.Add(new WgQuickError(line, $"Endpoint '{value}' is not HOST:PORT or [IPV6]:PORT"));
                }

                break;
            case "allowedips":
                foreach (var item in SplitList(value))
                {
                    AddIfValid(line, "AllowedIPs", item, WgQuickValues.IsAddressWithOptionalPrefix(item), peer.AllowedIps);
                }

                break;
            case "persistentkeepalive":
                if (value.Equals("off", StringComparison.OrdinalIgnoreCase))
                {
                    peer.PersistentKeepalive = null;
                }
                else if (WgQuickValues.ParseInt(value, 0, 65535) is { } seconds)
                {
                    peer.PersistentKeepalive = seconds == 0 ? null : seconds;
                }
                else
                {
                    _errors.Add(new WgQuickError(line, $"PersistentKeepalive '{value}' is not 'off' or a number of seconds from 0 to 65535"));
                }

                break;
            default:
                _errors.Add(new WgQuickError(line, $"unknown key '{key}' in [Peer]"));
                break;
        }
    }

    private void AddIfValid(int line, string key, string item, bool valid, List<string> target)
    {
        if (valid)
        {
            target.Add(item);
        }
        else
        {
            _errors.Add(new WgQuickError(line, $"{key} entry '{item}' is not an IP address with an optional /prefix"));
        }
    }

    private void CheckCompleteness()
    {
        if (_interfaceLine == 0)
        {
            _errors.Add(new WgQuickError(0, "the file has no [Interface] section"));
        }
        else
        {
            if (_privateKey is null && !_errors.Any(e => e.Message.StartsWith("PrivateKey", StringComparison.Ordinal)))
            {
                _errors.Add(new WgQuickError(_interfaceLine, "[Interface] has no PrivateKey"));
            }

            if (_addresses.Count == 0 && !_errors.Any(e => e.Message.StartsWith("Address", StringComparison.Ordinal)))
            {
                _errors.Add(new WgQuickError(_interfaceLine, "[Interface] has no Address"));
            }
        }

        if (_peers.Count == 0)
        {
            _errors.Add(new WgQuickError(0, "the file has no [Peer] section"));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var peer in _peers)
        {
            if (peer.PublicKey is null)
            {
                _errors.Add(new WgQuickError(peer.Line, "[Peer] has no PublicKey"));
            }
            else if (seen.TryGetValue(peer.PublicKey, out var firstLine))
            {
                _errors.Add(new WgQuickError(peer.Line, $"[Peer] repeats the PublicKey of the [Peer] on line {firstLine}"));
            }
            else
            {
                seen[peer.PublicKey] = peer.Line;
            }

            if (peer.AllowedIps.Count == 0)
            {
                _errors.Add(new WgQuickError(peer.Line, "[Peer] has no AllowedIPs"));
            }
        }
    }

    private static IEnumerable<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class PeerDraft(int line)
    {
        public int Line { get; } = line;

        public string? PublicKey { get; set; }

        public Secret? PresharedKey { get; set; }

        public string? Endpoint { get; set; }

        public List<string> AllowedIps { get; } = [];

        public int? PersistentKeepalive { get; set; }
    }
}
