namespace Tunmux.Api.Yaml;

/// <summary>
/// Bounds on one YAML text, so that no input (a file, a control-socket request, a GitOps folder)
/// can exhaust the stack or the memory of whoever reads it. A manifest uses about 6 levels and
/// 100 nodes; the limits leave room for far larger honest inputs.
/// </summary>
public static class YamlLimits
{
    /// <summary>Collections inside collections, aliases expanded. The reader recurses once per level.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Nodes per document, counting every node an alias stands for again at each use (the binder
    /// walks it at each use), so an alias bomb is refused long before it costs anything.
    /// </summary>
    public const int MaxExpandedNodesPerDocument = 100_000;

    /// <summary>Documents (---) in one text.</summary>
    public const int MaxDocuments = 1000;

    /// <summary>Manifest files read from one folder (-f FOLDER, the GitOps folder), the first in name order.</summary>
    public const int MaxFilesPerFolder = 1000;

    /// <summary>Bytes of one YAML text, UTF-8; the same cap as a file any input names.</summary>
    public const int MaxBytes = Files.ReferencedFile.MaxBytes;
}
