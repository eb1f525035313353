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
        if (System.Text.Encoding.UTF8.GetByteCount(text) > YamlLimits.MaxBytes)
        {
            var tooLarge = new ManifestError(new SourcePosition(file, 1, 1), "",
                $"the YAML text is larger than {Files.ReferencedFile.Describe(YamlLimits.MaxBytes)}, the limit for one file or request");
            return new YamlText(documents, tooLarge);
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.Current is DocumentStart start)
            {
                if (documents.Count == YamlLimits.MaxDocuments)
                {
                    throw new YamlLimitException(start.Start, $"more than {YamlLimits.MaxDocuments} documents in one text");
                }

                parser.MoveNext();
                var document = new DocumentReader(parser, file);
                documents.Add(document.ReadNode(depth: 1).Node);
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
            return new YamlText(documents, null);
        }
        catch (YamlLimitException e)
        {
            return new YamlText(documents, new ManifestError(PositionOf(file, e.Start), "", e.Message));
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

    private static SourcePosition PositionOf(string file, Mark mark) =>
        new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    /// <summary>A limit of <see cref="YamlLimits"/> reached; reported like a syntax error, at the node that crossed it.</summary>
    private sealed class YamlLimitException(Mark start, string message) : Exception(message)
    {
        public Mark Start { get; } = start;
    }

    /// <summary>A node read, with what it costs when bound: its nodes (aliases expanded) and its height.</summary>
    private readonly record struct Sized(YamlNode Node, int Nodes, int Height);

    /// <summary>
    /// Reads one document. The depth is checked before each collection is entered (so the recursion
    /// never goes deeper than <see cref="YamlLimits.MaxDepth"/>), and every alias counts the whole
    /// node it stands for against the document's budget and depth.
    /// </summary>
    private sealed class DocumentReader(IParser parser, string file)
    {
        private readonly Dictionary<string, Sized> _anchors = new(StringComparer.Ordinal);
        private int _expandedNodes;

        public Sized ReadNode(int depth)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to no anchor");
                }

                Count(alias.Start, target.Nodes);
                CheckDepth(alias.Start, depth - 1 + target.Height);
                return target;
            }

            var start = parser.Current ?? throw new YamlException("unexpected end of the YAML text");
            Count(start.Start, 1);
            var sized = start switch
            {
                Scalar scalar => ReadScalar(scalar),
                SequenceStart sequence => ReadSequence(sequence, depth),
                MappingStart mapping => ReadMapping(mapping, depth),
                _ => throw new YamlException(start.Start, start.End, $"unexpected {start.GetType().Name}"),
            };

            if (start is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _anchors[anchored.Anchor.Value] = sized;
            }

            return sized;
        }

        private void Count(Mark where, int nodes)
        {
            _expandedNodes += nodes;
            if (_expandedNodes > YamlLimits.MaxExpandedNodesPerDocument)
            {
                throw new YamlLimitException(where,
                    $"the document has more than {YamlLimits.MaxExpandedNodesPerDocument} nodes with its aliases expanded");
            }
        }

        private static void CheckDepth(Mark where, int depth)
        {
            if (depth > YamlLimits.MaxDepth)
            {
                throw new YamlLimitException(where, $"nesting deeper than {YamlLimits.MaxDepth} levels");
            }
        }

        private Sized ReadScalar(Scalar scalar)
        {
            parser.MoveNext();
            var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
            return new Sized(new YamlScalar(PositionOf(file, scalar.Start), scalar.Value, scalar.Style != ScalarStyle.Plain, tag), 1, 0);
        }

        private Sized ReadSequence(SequenceStart start, int depth)
        {
            CheckDepth(start.Start, depth);
            parser.MoveNext();
            var items = new List<YamlNode>();
            int nodes = 1, height = 0;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = ReadNode(depth + 1);
                items.Add(item.Node);
                nodes += item.Nodes;
                height = Math.Max(height, item.Height);
            }

            return new Sized(new YamlSequence(PositionOf(file, start.Start), items, start.Style == SequenceStyle.Flow), nodes, height + 1);
        }

        private Sized ReadMapping(MappingStart start, int depth)
        {
            CheckDepth(start.Start, depth);
            parser.MoveNext();
            var entries = new List<YamlEntry>();
            int nodes = 1, height = 0;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                var value = ReadNode(depth + 1);
                entries.Add(new YamlEntry(key.Node, value.Node));
                nodes += key.Nodes + value.Nodes;
                height = Math.Max(height, Math.Max(key.Height, value.Height));
            }

            return new Sized(new YamlMapping(PositionOf(file, start.Start), entries, start.Style == MappingStyle.Flow), nodes, height + 1);
        }
    }
}
