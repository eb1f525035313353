using Tunmux.Api.Model;

namespace Tunmux.Api.Yaml;

/// <summary>A YAML node with the place it starts at; built from parser events so nothing loses its position.</summary>
internal abstract record YamlNode(SourcePosition Start)
{
    /// <summary>Block collections are written over several lines; flow ones ({...}, [...]) and scalars sit on one spot.</summary>
    public abstract bool IsBlock { get; }
}

/// <param name="Quoted">Any style other than plain: quoted or block text is always a string.</param>
/// <param name="Tag">The explicit tag (e.g. tag:yaml.org,2002:str), or null.</param>
internal sealed record YamlScalar(SourcePosition Start, string Text, bool Quoted, string? Tag) : YamlNode(Start)
{
    public override bool IsBlock => false;

    public ScalarKind Kind => ScalarResolver.Resolve(this);
}

internal sealed record YamlSequence(SourcePosition Start, IReadOnlyList<YamlNode> Items, bool IsFlow) : YamlNode(Start)
{
    public override bool IsBlock => !IsFlow;
}

internal sealed record YamlMapping(SourcePosition Start, IReadOnlyList<YamlEntry> Entries, bool IsFlow) : YamlNode(Start)
{
    public override bool IsBlock => !IsFlow;
}

internal sealed record YamlEntry(YamlNode Key, YamlNode Value);
