namespace Tunmux.Api.Schema;

/// <summary>One named field of an object: its YAML name, shape, documentation and how to read and set it.</summary>
public abstract class Field
{
    protected Field(string name, Shape shape, string description)
    {
        Name = name;
        Shape = shape;
        Description = description;
    }

    /// <summary>The name as written in YAML and JSON (camelCase).</summary>
    public string Name { get; }

    public Shape Shape { get; }

    public string Description { get; }

    public bool Required { get; init; }

    /// <summary>The value used when the field is left out (documentation only).</summary>
    public object? Default { get; init; }

    /// <summary>The value of this field on an object built by the owning shape; null when unset.</summary>
    public abstract object? Get(object target);

    /// <summary>A copy of <paramref name="target"/> with this field set to a bound value.</summary>
    public abstract object With(object target, object value);
}

public sealed class Field<T> : Field
    where T : class
{
    private readonly Func<T, object?> _get;
    private readonly Func<T, object, T> _set;

    public Field(string name, Shape shape, string description, Func<T, object?> get, Func<T, object, T> set)
        : base(name, shape, description)
    {
        _get = get;
        _set = set;
    }

    public override object? Get(object target) => _get((T)target);

    public override object With(object target, object value) => _set((T)target, value);
}
