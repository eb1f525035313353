namespace Tunmux.Api.Loading;

/// <summary>Builds field paths as the SourceMap keys them: "spec.wireguard.peer.allowedIPs[1]".</summary>
internal static class FieldPath
{
    public static string Child(string parent, string name)
    {
        if (name.IndexOfAny(['.', '[', ']', ' ', '"']) >= 0)
        {
            return $"{parent}[\"{name.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
        }

        return parent.Length == 0 ? name : $"{parent}.{name}";
    }

    public static string Item(string parent, int index) => $"{parent}[{index}]";
}
