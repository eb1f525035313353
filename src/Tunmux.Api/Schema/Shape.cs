namespace Tunmux.Api.Schema;

/// <summary>
/// What one value in a manifest may be. The shapes describe every field once; the loader binds
/// YAML with them, the writer prints objects with them and the JSON Schema is generated from them.
/// </summary>
public abstract class Shape
{
    /// <summary>The JSON Schema "type" keyword.</summary>
    public abstract string JsonType { get; }

    /// <summary>How error messages name this kind of value ("a string", "a list").</summary>
    public abstract string Noun { get; }
}

/// <summary>Free text, optionally constrained by a pattern (checked by the validator, documented by the schema).</summary>
public sealed class StringShape : Shape
{
    public string? Pattern { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>A file path: relative values are resolved against the manifest's folder when loading.</summary>
    public bool IsFilePath { get; init; }

    public override string JsonType => "string";

    public override string Noun => "a string";
}

public sealed class IntegerShape : Shape
{
    public required int Minimum { get; init; }

    public required int Maximum { get; init; }

    public override string JsonType => "integer";

    public override string Noun => "an integer";
}

public sealed class BooleanShape : Shape
{
    public override string JsonType => "boolean";

    public override string Noun => "true or false";
}

public sealed class ListShape(Shape items) : Shape
{
    public Shape Items { get; } = items;

    public override string JsonType => "array";

    public override string Noun => "a list";
}

/// <summary>A map of free keys to strings, such as labels.</summary>
public sealed class StringMapShape : Shape
{
    public override string JsonType => "object";

    public override string Noun => "a map of strings";
}

/// <summary>A Go-style duration ("168h", "1h30m"), bound to a <see cref="TimeSpan"/>.</summary>
public sealed class DurationShape : Shape
{
    /// <summary>Number-unit pairs with units h, m, s and ms.</summary>
    public const string Pattern = "^([0-9]+(ms|h|m|s))+$";

    public override string JsonType => "string";

    public override string Noun => "a duration";
}
