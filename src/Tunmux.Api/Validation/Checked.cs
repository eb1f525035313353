using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>An object to validate, with the name its errors carry and the fields loading could not read.</summary>
internal sealed record Checked(ManifestObject Object, string? Subject, IReadOnlyList<string> UnreadPaths)
{
    public static Checked Loaded(ManifestObject manifest) => new(manifest, manifest.KindAndName, []);

    public static Checked From(RejectedObject rejected) => new(rejected.Object, rejected.Subject, rejected.UnreadPaths);

    /// <summary>
    /// Whether an error at <paramref name="path"/> is worth reporting: not when it concerns a field that
    /// could not be read, something inside it, or what encloses it (an empty list left by a bad item).
    /// </summary>
    public bool Reports(string path) => !UnreadPaths.Any(unread => Encloses(unread, path) || Encloses(path, unread));

    private static bool Encloses(string outer, string inner) =>
        outer.Length == 0
        || inner == outer
        || (inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[');
}
