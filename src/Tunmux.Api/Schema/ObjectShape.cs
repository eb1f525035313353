namespace Tunmux.Api.Schema;

/// <summary>A map with a fixed set of fields, bound to a record.</summary>
public abstract class ObjectShape : Shape
{
    private readonly List<Field> _fields = [];
    private readonly Dictionary<string, string> _inlineSecrets = new(StringComparer.Ordinal);

    protected ObjectShape(string description) => Description = description;

    public string Description { get; }

    public IReadOnlyList<Field> Fields => _fields;

    /// <summary>
    /// Field names that would put a secret in the manifest, each mapped to the file field to use instead.
    /// They are rejected with their own message rather than as unknown fields.
    /// </summary>
    public IReadOnlyDictionary<string, string> InlineSecrets => _inlineSecrets;

    public override string JsonType => "object";

    public override string Noun => "a map";

    public Field? Find(string name) => _fields.Find(f => f.Name == name);

    /// <summary>A fresh record with every field at its default (required strings empty).</summary>
    public abstract object CreateEmpty();

    protected void AddField(Field field)
    {
        if (Find(field.Name) is not null)
        {
            throw new InvalidOperationException($"Field {field.Name} is declared twice.");
        }

        _fields.Add(field);
    }

    protected void AddInlineSecret(string name, string useInstead) => _inlineSecrets.Add(name, useInstead);
}

public sealed class ObjectShape<T>(string description, Func<T> create) : ObjectShape(description)
    where T : class
{
    public override object CreateEmpty() => create();

    public ObjectShape<T> Add(
        string name,
        Shape shape,
        string description,
        Func<T, object?> get,
        Func<T, object, T> set,
        bool required = false,
        object? defaultValue = null)
    {
        AddField(new Field<T>(name, shape, description, get, set) { Required = required, Default = defaultValue });
        return this;
    }

    public ObjectShape<T> ForbidInlineSecret(string name, string useInstead)
    {
        AddInlineSecret(name, useInstead);
        return this;
    }
}
