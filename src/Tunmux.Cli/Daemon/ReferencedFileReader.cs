using Tunmux.Api.Files;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// How the client reads a file a manifest names, as the calling user, before sending it to the
/// daemon: through the one careful reader (<see cref="ReferencedFile"/>: regular files only, never
/// blocking, size-capped, no content in a problem). Everything goes through <see cref="Read"/>.
/// </summary>
public static class ReferencedFileReader
{
    /// <summary>The file's text, or why it cannot be sent.</summary>
    public static (string? Content, string? Problem) Read(string path) =>
        ReferencedFile.TryReadAllText(path, out var text, out var problem) ? (text, null) : (null, problem);
}
