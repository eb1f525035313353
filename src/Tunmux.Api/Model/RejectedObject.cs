namespace Tunmux.Api.Model;

/// <summary>
/// An object whose document had loading errors, bound as far as it went. It is not part of
/// <see cref="ManifestSet.Objects"/>; the validator still checks it so that one pass reports every
/// problem, leaving out what follows from the fields that could not be read.
/// </summary>
/// <param name="Subject">"Kind/name" when the name could be read, as in <see cref="ManifestError.Subject"/>.</param>
/// <param name="UnreadPaths">Field paths that had loading errors.</param>
internal sealed record RejectedObject(ManifestObject Object, string? Subject, IReadOnlyList<string> UnreadPaths);
