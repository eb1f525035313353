namespace Tunmux.Api.Schema;

/// <summary>Conversions from bound values (what the loader produces for a shape) to record types.</summary>
internal static class Bound
{
    public static IReadOnlyList<string> Strings(object value) => ((IReadOnlyList<object>)value).Cast<string>().ToArray();

    public static IReadOnlyList<T> Items<T>(object value) => ((IReadOnlyList<object>)value).Cast<T>().ToArray();
}
