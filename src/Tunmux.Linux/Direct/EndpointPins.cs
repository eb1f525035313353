using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tunmux.Linux.Direct;

/// <summary>
/// Endpoint names, resolved once and pinned. With the kill switch up, DNS leaves only through the
/// tunnel, so a name looked up again while the tunnel is down would go through a blocked path (and
/// fail, leaving the tunnel unbuildable after a restart). A name is therefore resolved the first time
/// it is seen (before the block that would stop it), its address kept in &lt;state&gt;/direct/endpoints.json,
/// and from then on only the pinned address is used, also by a restarted daemon. Pins of endpoints no
/// longer declared are dropped by <see cref="Keep"/>.
/// </summary>
public sealed class EndpointPins(string directory, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private const int MaxPins = 256;

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public string Path => System.IO.Path.Combine(directory, "endpoints.json");

    /// <summary>
    /// HOST:PORT (or [V6]:PORT, or an address) to an address and port: a literal as it is, a name
    /// from its pin, or resolved now and pinned. Null when it is malformed or does not resolve.
    /// </summary>
    public async Task<IPEndPoint?> PinAsync(string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (IPEndPoint.TryParse(endpoint, out var literal) && literal.Port != 0)
        {
            return literal;
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var pins = Read();
        if (pins.TryGetValue(endpoint, out var pinned) && IPEndPoint.TryParse(pinned, out var fromPin))
        {
            return fromPin;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(endpoint[..colon].Trim('[', ']'), cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }

        // IPv4 first: an IPv4-only uplink is the common case, and the block allows exactly this address.
        var chosen = addresses.OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var result = new IPEndPoint(chosen, port);
        if (pins.Count < MaxPins)
        {
            pins[endpoint] = result.ToString();
            Write(pins);
        }

        return result;
    }

    /// <summary>Drops the pins of endpoints that are no longer declared (a name declared again is resolved again).</summary>
    public void Keep(IReadOnlyCollection<string> declaredEndpoints)
    {
        ArgumentNullException.ThrowIfNull(declaredEndpoints);
        var pins = Read();
        var kept = pins.Where(p => declaredEndpoints.Contains(p.Key)).ToDictionary(StringComparer.Ordinal);
        if (kept.Count != pins.Count)
        {
            Write(kept);
        }
    }

    private Dictionary<string, string> Read()
    {
        try
        {
            return File.Exists(Path)
                ? JsonSerializer.Deserialize(File.ReadAllText(Path), EndpointPinsJson.Default.DictionaryStringString) ?? new(StringComparer.Ordinal)
                : new(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new(StringComparer.Ordinal);
        }
    }

    private void Write(Dictionary<string, string> pins)
    {
        Directory.CreateDirectory(directory);
        DirectStateFile.WritePrivate(Path, JsonSerializer.Serialize(pins, EndpointPinsJson.Default.DictionaryStringString));
    }
}

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class EndpointPinsJson : JsonSerializerContext;
