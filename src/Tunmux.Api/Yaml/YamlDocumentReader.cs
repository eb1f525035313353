using Tunmux.Api.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tunmux.Api.Yaml;

/// <summary>The documents of one YAML text, and the syntax error that stopped reading, if any.</summary>
internal sealed record YamlText(IReadOnlyList<YamlNode> Documents, ManifestError? SyntaxError);

/// <summary>
/// Reads YAML text into position-carrying nodes, one root per document. Reading stops at the first
/// syntax error (the parser cannot resynchronise); the documents before it are kept.
/// </summary>
internal static class YamlDocumentReader
{
    public static YamlText Read(string text, string file)
    {
        var documents = new List<YamlNode>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                documents.Add(ReadNode(parser, file, anchors));
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
            return new YamlText(documents, null);
        }
        catch (YamlException e)
        {
            var error = new ManifestError(PositionOf(file, e.Start), "", $"malformed YAML: {e.Message}");
            return new YamlText(documents, error);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some broken input (an unclosed flow map before a
            // new key); the last event it produced is the best place to point at.
            var where = parser.Current?.End ?? Mark.Empty;
            var error = new ManifestError(PositionOf(file, where), "", "malformed YAML: cannot read past this point");
            return new YamlText(documents, error);
        }
    }

    private static YamlNode ReadNode(IParser parser, string file, Dictionary<string, YamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to no anchor");
        }

        var start = parser.Current ?? throw new YamlException("unexpected end of the YAML text");
        YamlNode node = start switch
        {
            Scalar scalar => ReadScalar(parser, file, scalar),
            SequenceStart sequence => ReadSequence(parser, file, anchors, sequence),
            MappingStart mapping => ReadMapping(parser, file, anchors, mapping),
            _ => throw new YamlException(start.Start, start.End, $"unexpected {start.GetType().Name}"),
        };

        if (start is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = node;
        }

        return node;
    }

    private static YamlScalar ReadScalar(IParser parser, string file, Scalar scalar)
    {
        parser.MoveNext();
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        return new YamlScalar(PositionOf(file, scalar.Start), scalar.Value, scalar.Style != ScalarStyle.Plain, tag);
    }

    private static YamlSequence ReadSequence(
        IParser parser, string file, Dictionary<string, YamlNode> anchors, SequenceStart start)
    {
        parser.MoveNext();
        var items = new List<YamlNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(parser, file, anchors));
        }

        return new YamlSequence(PositionOf(file, start.Start), items, start.Style == SequenceStyle.Flow);
    }

    private static YamlMapping ReadMapping(
        IParser parser, string file, Dictionary<string, YamlNode> anchors, MappingStart start)
    {
        parser.MoveNext();
        var entries = new List<YamlEntry>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, file, anchors);
            var value = ReadNode(parser, file, anchors);
            entries.Add(new YamlEntry(key, value));
        }

        return new YamlMapping(PositionOf(file, start.Start), entries, start.Style == MappingStyle.Flow);
    }

    private static SourcePosition PositionOf(string file, Mark mark) =>
        new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));
}
