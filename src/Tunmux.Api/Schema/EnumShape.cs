namespace Tunmux.Api.Schema;

/// <summary>One of a fixed set of words, bound to a .NET value (an enum member or the word itself).</summary>
public sealed class EnumShape : Shape
{
    private readonly Func<string, object> _toValue;
    private readonly Func<object, string> _toText;

    private EnumShape(IReadOnlyList<string> values, Func<string, object> toValue, Func<object, string> toText)
    {
        Values = values;
        _toValue = toValue;
        _toText = toText;
    }

    public IReadOnlyList<string> Values { get; }

    public override string JsonType => "string";

    public override string Noun => "a string";

    /// <summary>A .NET enum written in lower case in YAML (<c>BackendKind.Userspace</c> is <c>userspace</c>).</summary>
    public static EnumShape For<TEnum>()
        where TEnum : struct, Enum
    {
        var members = Enum.GetValues<TEnum>();
        var texts = members.Select(m => m.ToString().ToLowerInvariant()).ToArray();
        return new EnumShape(
            texts,
            text => members[Array.IndexOf(texts, text)],
            value => texts[Array.IndexOf(members, (TEnum)value)]);
    }

    /// <summary>A .NET enum with a spelling of its own for some members (<c>BackendKind.WgQuick</c> is <c>wg-quick</c>).</summary>
    public static EnumShape For<TEnum>(IReadOnlyDictionary<TEnum, string> spelled)
        where TEnum : struct, Enum
    {
        var members = Enum.GetValues<TEnum>();
        var texts = members.Select(m => spelled.TryGetValue(m, out var text) ? text : m.ToString().ToLowerInvariant()).ToArray();
        return new EnumShape(
            texts,
            text => members[Array.IndexOf(texts, text)],
            value => texts[Array.IndexOf(members, (TEnum)value)]);
    }

    /// <summary>Words bound as plain strings.</summary>
    public static EnumShape OfWords(params string[] words) =>
        new(words, text => text, value => (string)value);

    public bool TryParse(string text, out object value)
    {
        var known = Values.Contains(text, StringComparer.Ordinal);
        value = known ? _toValue(text) : text;
        return known;
    }

    public string Format(object value) => _toText(value);
}
