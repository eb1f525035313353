namespace Tunmux.Daemon.Control.Protocol;

/// <summary>
/// One manifest file as the client read it. <paramref name="Path"/> is absolute, as the client
/// resolved it: errors point at it, and the manifest's relative references are resolved against
/// its folder (as text; the daemon never opens it).
/// </summary>
public sealed record ManifestText(string Path, string Text);

/// <summary>
/// A file a manifest names (a key, a wg-quick config, a credentials file), read by the client as
/// the calling user. Exactly one of <paramref name="Content"/> and <paramref name="Problem"/> is
/// set: the problem says why the client could not read it (never what the file holds).
/// </summary>
public sealed record ReferencedFile(string Path, string? Content, string? Problem);

/// <summary>apply: make the declared set include these manifests (or be exactly them, with prune).</summary>
public sealed record ApplyRequest(IReadOnlyList<ManifestText> Manifests, IReadOnlyList<ReferencedFile> Files, bool Prune, bool DryRun);

/// <summary>diff: what apply would change; changes nothing.</summary>
public sealed record DiffRequest(IReadOnlyList<ManifestText> Manifests, IReadOnlyList<ReferencedFile> Files, bool Prune);

/// <summary>
/// delete: exactly one of the manifests' objects, the named objects of <paramref name="Kind"/>,
/// or <paramref name="All"/>. Deleting needs no referenced files.
/// </summary>
public sealed record DeleteRequest(IReadOnlyList<ManifestText> Manifests, string? Kind, IReadOnlyList<string> Names, bool All, bool DryRun);

/// <summary>get: the rows of one kind ("tunnels" or "proxies"), or one object of it.</summary>
public sealed record GetRequest(string Kind, string? Name);

/// <summary>describe: one object in full.</summary>
public sealed record DescribeRequest(string Kind, string Name);

/// <summary>status: every tunnel and proxy.</summary>
public sealed record StatusRequest;

/// <summary>
/// wait: answers when every subject ("tunnel/NAME", "proxy/NAME") is Ready (its key's next pass came
/// to Ready and its Ready condition is True), at once when one cannot become Ready (an invalid spec,
/// a failed pass, not declared: marked settled), or after <paramref name="TimeoutMilliseconds"/> with
/// the last outcome. A client waiting longer asks again, printing progress between answers.
/// </summary>
public sealed record WaitRequest(IReadOnlyList<string> Subjects, int TimeoutMilliseconds);
