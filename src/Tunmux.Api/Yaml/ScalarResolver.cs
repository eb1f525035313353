using System.Globalization;
using System.Text.RegularExpressions;

namespace Tunmux.Api.Yaml;

internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>
/// What a plain scalar means under the YAML 1.2 core schema, so that <c>mtu: "1420"</c> (a string)
/// and <c>name: 123</c> (an integer) are told apart as YAML readers in other tools would.
/// </summary>
internal static partial class ScalarResolver
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public static ScalarKind Resolve(YamlScalar scalar)
    {
        if (scalar.Quoted || scalar.Tag == StringTag)
        {
            return ScalarKind.String;
        }

        return Resolve(scalar.Text);
    }

    public static ScalarKind Resolve(string plain) => plain switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
        _ when IntegerPattern().IsMatch(plain) => ScalarKind.Integer,
        _ when FloatPattern().IsMatch(plain) => ScalarKind.Float,
        _ => ScalarKind.String,
    };

    public static bool IsTrue(string plain) => plain is "true" or "True" or "TRUE";

    /// <summary>A plain scalar the core schema calls an integer (decimal, 0o octal, 0x hex), if it fits an int.</summary>
    public static bool TryParseInteger(string text, out int value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                && value >= 0;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = 0;
            foreach (var digit in text.AsSpan(2))
            {
                if (value > (int.MaxValue - 7) / 8)
                {
                    return false;
                }

                value = (value * 8) + (digit - '0');
            }

            return true;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
