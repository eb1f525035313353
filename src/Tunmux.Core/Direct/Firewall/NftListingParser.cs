using System.Text;
using System.Text.Json;

namespace Tunmux.Core.Direct.Firewall;

/// <summary>
/// Reads nft's JSON listing of one table. The input is bounded (size, depth, element count) because
/// it is read on every pass; anything malformed or past a limit is a <see cref="FormatException"/>,
/// which the caller reports as drift that cannot be judged (and repairs by applying the table again).
/// </summary>
public static class NftListingParser
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxElements = 20_000;

    public static ObservedTable Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            throw new FormatException($"the nft listing is larger than {MaxBytes} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new FormatException($"the nft listing is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the nft listing has no \"nftables\" array");
            }

            if (items.GetArrayLength() > MaxElements)
            {
                throw new FormatException($"the nft listing has more than {MaxElements} elements");
            }

            var chains = new List<(string Name, string? Type, string? Hook, int? Prio, string? Policy)>();
            var rules = new Dictionary<string, List<ObservedRule>>(StringComparer.Ordinal);
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("an nft listing element is not an object");
                }

                if (item.TryGetProperty("chain", out var chain) && IsOurs(chain))
                {
                    var name = Text(chain, "name") ?? throw new FormatException("a chain has no name");
                    chains.Add((name, Text(chain, "type"), Text(chain, "hook"), Number(chain, "prio"), Text(chain, "policy")));
                }
                else if (item.TryGetProperty("rule", out var rule) && IsOurs(rule))
                {
                    var chainName = Text(rule, "chain") ?? throw new FormatException("a rule names no chain");
                    var expressions = rule.TryGetProperty("expr", out var expr) ? Canonical(expr) : "[]";
                    var list = rules.TryGetValue(chainName, out var existing) ? existing : rules[chainName] = [];
                    list.Add(new ObservedRule(Text(rule, "comment"), expressions));
                }
            }

            return new ObservedTable(chains
                .Select(c => new ObservedChain(c.Name, c.Type, c.Hook, c.Prio, c.Policy, rules.TryGetValue(c.Name, out var r) ? r : []))
                .ToList());
        }
    }

    private static bool IsOurs(JsonElement element) =>
        Text(element, "family") == NftRuleset.Family && Text(element, "table") == NftRuleset.Table;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>Compact JSON of the expressions with counters' running totals removed.</summary>
    private static string Canonical(JsonElement expressions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, expressions);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.Name == "counter")
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
