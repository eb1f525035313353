using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Tunmux.Kubernetes.Tests.Chart;

/// <summary>
/// Renders the Go-template subset charts/tunmux uses, since no helm binary is served here:
/// <c>{{ .Values.a.b }}</c>, <c>.Release.Name</c>/<c>.Namespace</c>, <c>.Capabilities.APIVersions.Has "g/v"</c>,
/// <c>if</c>/<c>else</c>/<c>end</c>, <c>eq</c>, <c>quote</c>, <c>toYaml</c>, <c>nindent</c>, pipes, and the
/// <c>{{-</c>/<c>-}}</c> whitespace trimming. Anything else is an error, so the chart cannot drift
/// beyond what this test checks.
/// </summary>
internal sealed partial class ChartTemplate
{
    private readonly List<Node> _nodes;

    private ChartTemplate(List<Node> nodes) => _nodes = nodes;

    public static ChartTemplate Parse(string text)
    {
        var position = 0;
        var nodes = ParseBlock(Tokenize(text), ref position, out var ending);
        if (ending is not null)
        {
            throw new FormatException($"unexpected {{{{ {ending} }}}}");
        }

        return new ChartTemplate(nodes);
    }

    public string Render(RenderContext context)
    {
        var output = new StringBuilder();
        Render(_nodes, context, output);
        return output.ToString();
    }

    private static void Render(List<Node> nodes, RenderContext context, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    output.Append(Format(Evaluate(action.Pipeline, context)));
                    break;
                case IfNode branch:
                    Render(Truthy(Evaluate(branch.Condition, context)) ? branch.Then : branch.Else, context, output);
                    break;
            }
        }
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Token(false, text[at..]));
                break;
            }

            var close = text.IndexOf("}}", open, StringComparison.Ordinal);
            var inner = text[(open + 2)..close];
            var literal = text[at..open];
            if (inner.StartsWith('-'))
            {
                literal = literal.TrimEnd();
                inner = inner[1..];
            }

            tokens.Add(new Token(false, literal));
            var trimAfter = inner.EndsWith('-');
            tokens.Add(new Token(true, (trimAfter ? inner[..^1] : inner).Trim()));
            at = close + 2;
            if (trimAfter)
            {
                while (at < text.Length && char.IsWhiteSpace(text[at]))
                {
                    at++;
                }
            }
        }

        return tokens;
    }

    private static List<Node> ParseBlock(List<Token> tokens, ref int position, out string? ending)
    {
        var nodes = new List<Node>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            if (!token.IsAction)
            {
                nodes.Add(new TextNode(token.Text));
                continue;
            }

            if (token.Text is "end" or "else")
            {
                ending = token.Text;
                return nodes;
            }

            if (token.Text.StartsWith("if ", StringComparison.Ordinal))
            {
                var then = ParseBlock(tokens, ref position, out var thenEnding);
                var otherwise = new List<Node>();
                if (thenEnding == "else")
                {
                    otherwise = ParseBlock(tokens, ref position, out thenEnding);
                }

                if (thenEnding != "end")
                {
                    throw new FormatException("if without end");
                }

                nodes.Add(new IfNode(token.Text[3..].Trim(), then, otherwise));
                continue;
            }

            nodes.Add(new ActionNode(token.Text));
        }

        ending = null;
        return nodes;
    }

    private static object? Evaluate(string pipeline, RenderContext context)
    {
        object? value = null;
        var first = true;
        foreach (var command in pipeline.Split('|'))
        {
            var words = Words().Matches(command).Select(m => m.Value).ToList();
            var arguments = words.Skip(1).Select(w => Term(w, context)).ToList();
            if (!first)
            {
                arguments.Add(value);
            }

            value = words[0] switch
            {
                "eq" => Equals(Format(arguments[0]), Format(arguments[1])),
                "quote" => "\"" + Format(arguments[0]) + "\"",
                "toYaml" => ToYaml(arguments[0]),
                "nindent" => "\n" + Indent(Format(arguments[1]), int.Parse(Format(arguments[0]), CultureInfo.InvariantCulture)),
                ".Capabilities.APIVersions.Has" => context.ApiVersions.Contains(Format(arguments[0])),
                var term when arguments.Count == 0 && first => Term(term, context),
                var other => throw new FormatException($"unsupported template function {other}"),
            };
            first = false;
        }

        return value;
    }

    private static object? Term(string word, RenderContext context)
    {
        if (word.StartsWith('"'))
        {
            return word[1..^1];
        }

        if (char.IsAsciiDigit(word[0]))
        {
            return word;
        }

        var parts = word.TrimStart('.').Split('.');
        object? current = parts[0] switch
        {
            "Values" => context.Values,
            "Release" => new Dictionary<string, object?> { ["Name"] = context.ReleaseName, ["Namespace"] = context.Namespace },
            _ => throw new FormatException($"unsupported template value {word}"),
        };
        foreach (var part in parts.Skip(1))
        {
            current = current is Dictionary<object, object?> map ? map.GetValueOrDefault(part)
                : current is Dictionary<string, object?> named ? named.GetValueOrDefault(part)
                : null;
        }

        return current;
    }

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string text => text.Length > 0 && text != "false",
        System.Collections.ICollection items => items.Count > 0,
        _ => true,
    };

    private static string Format(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string ToYaml(object? value) => new SerializerBuilder().Build().Serialize(value).TrimEnd('\n');

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));

    [GeneratedRegex("\"[^\"]*\"|[^\\s]+")]
    private static partial Regex Words();

    private sealed record Token(bool IsAction, string Text);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(string Pipeline) : Node;

    private sealed record IfNode(string Condition, List<Node> Then, List<Node> Else) : Node;
}

/// <summary>What a template sees: the values, the release, and the API versions the cluster serves.</summary>
internal sealed record RenderContext(object? Values, string ReleaseName, string Namespace, IReadOnlySet<string> ApiVersions);
