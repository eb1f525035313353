namespace Tunmux.Api.Files;

/// <summary>
/// A file a manifest (or option) names cannot be used. The message says why in words that are
/// safe to show anyone: never the content, and for a caller that is not root, never whether a
/// file it may not read exists. It carries no path, so callers prefix the one they know.
/// </summary>
public sealed class ReferencedFileException(string message) : IOException(message);
