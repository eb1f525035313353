using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tunmux.Providers.AirVpn.Web;

/// <summary>
/// The few things read out of airvpn.org's HTML: hidden form inputs (csrfKey, ref on the login
/// form) and the page's `ecsrf` token in the data-json attribute of #eui_data or #air_data.
/// </summary>
public static partial class AirVpnWebPages
{
    /// <summary>The value of &lt;input name="NAME" value="..."&gt;, attributes in any order.</summary>
    public static string? InputValue(string html, string name)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (Match input in InputTag().Matches(html))
        {
            var attributes = Attributes(input.Value);
            if (attributes.TryGetValue("name", out var found) && found == name)
            {
                return attributes.GetValueOrDefault("value") ?? "";
            }
        }

        return null;
    }

    /// <summary>The `ecsrf` field of the data-json attribute on #eui_data or #air_data.</summary>
    public static string? CsrfToken(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (Match tag in AnyTag().Matches(html))
        {
            var attributes = Attributes(tag.Value);
            if (attributes.GetValueOrDefault("id") is not ("eui_data" or "air_data") || attributes.GetValueOrDefault("data-json") is not { } json)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("ecsrf", out var token)
                    && token.ValueKind == JsonValueKind.String)
                {
                    return token.GetString();
                }
            }
            catch (JsonException)
            {
                // Another element's data: keep looking.
            }
        }

        return null;
    }

    private static Dictionary<string, string> Attributes(string tag)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute().Matches(tag))
        {
            var value = attribute.Groups["dq"].Success ? attribute.Groups["dq"].Value
                : attribute.Groups["sq"].Success ? attribute.Groups["sq"].Value
                : attribute.Groups["bare"].Value;
            attributes.TryAdd(attribute.Groups["name"].Value, WebUtility.HtmlDecode(value));
        }

        return attributes;
    }

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex(@"<[a-zA-Z][a-zA-Z0-9]*\b[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex("""(?<name>[a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"(?<dq>[^"]*)"|'(?<sq>[^']*)'|(?<bare>[^\s"'>]+))""")]
    private static partial Regex Attribute();
}
