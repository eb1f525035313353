using Tunmux.Api.Schema;

namespace Tunmux.Api.Writing;

/// <summary>An object as ordered fields, in its YAML/JSON names: what both writers print.</summary>
internal sealed record TreeMap(IReadOnlyList<KeyValuePair<string, object>> Entries);

internal sealed record TreeList(IReadOnlyList<object> Items);

/// <summary>
/// Turns records into a tree of <see cref="TreeMap"/>, <see cref="TreeList"/>, string, int and bool using
/// the field tables, so the writers name fields exactly as the loader reads them. Unset values and empty
/// lists and maps are left out.
/// </summary>
internal static class ValueTree
{
    public static object? Of(object? value, Shape shape) => value switch
    {
        null => null,
        _ when shape is ObjectShape objectShape => OfObject(value, objectShape),
        _ when shape is ListShape list => OfList((System.Collections.IEnumerable)value, list),
        IReadOnlyDictionary<string, string> map => map.Count == 0
            ? null
            : new TreeMap(map.Select(e => new KeyValuePair<string, object>(e.Key, e.Value)).ToArray()),
        _ when shape is EnumShape enumShape => enumShape.Format(value),
        TimeSpan duration => GoDuration.Format(duration),
        _ => value,
    };

    private static TreeMap OfObject(object value, ObjectShape shape)
    {
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var field in shape.Fields)
        {
            if (Of(field.Get(value), field.Shape) is { } written)
            {
                entries.Add(new(field.Name, written));
            }
        }

        return new TreeMap(entries);
    }

    private static TreeList? OfList(System.Collections.IEnumerable items, ListShape shape)
    {
        var written = items.Cast<object?>().Select(item => Of(item, shape.Items)).OfType<object>().ToArray();
        return written.Length == 0 ? null : new TreeList(written);
    }
}
