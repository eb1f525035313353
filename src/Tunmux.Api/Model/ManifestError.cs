namespace Tunmux.Api.Model;

/// <summary>One problem in the manifests, with where it is and which field it concerns.</summary>
public sealed record ManifestError(SourcePosition Position, string FieldPath, string Message)
{
    /// <summary>
    /// The object the problem belongs to as "Kind/name" (e.g. "Tunnel/lab-1"), or null when it belongs
    /// to no object that could be named (malformed YAML, a document without a readable name).
    /// Lets a reconciler hold back just the broken objects instead of treating them as deleted.
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>
    /// True when the problem is not in the manifest but in asking for what it names (a provider's
    /// API that could not be reached): the same manifest may resolve on the next try, so a
    /// reconciler retries it with backoff instead of waiting for an edit.
    /// </summary>
    public bool Transient { get; init; }

    /// <summary>One line, with control characters from the input escaped (see <see cref="TerminalText"/>).</summary>
    public override string ToString() => TerminalText.Escape(
        FieldPath.Length == 0 ? $"{Position}: {Message}" : $"{Position}: {FieldPath}: {Message}");
}
