using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.State;
using Tunmux.Files;

namespace Tunmux.Linux.Direct;

/// <summary>
/// What direct mode changed on the host, kept under the state directory so a restarted (or
/// killed) daemon can finish or undo it: the interface and how it was made, how DNS was set, the
/// sysctl value before, and the kill switch's settings and reference listing.
/// </summary>
public sealed record DirectState
{
    public string? TunnelName { get; init; }

    public string? Interface { get; init; }

    public DirectBackend? Backend { get; init; }

    public string? SpecHash { get; init; }

    public ProcessRef? WireGuardGo { get; init; }

    public string? WgQuickConfig { get; init; }

    /// <summary>"resolved" (per-link settings on <see cref="InterfaceIndex"/>) or "resolv.conf" (file replaced), or null.</summary>
    public string? Dns { get; init; }

    public int? InterfaceIndex { get; init; }

    public string? SrcValidMarkBefore { get; init; }

    /// <summary>The kill switch in force; kept after the tunnel is deleted when it asks for lockdown.</summary>
    public KillSwitchSettings? KillSwitch { get; init; }

    /// <summary>The batch last applied (hash) and nft's listing of it right after, for rule-by-rule drift checks.</summary>
    public string? AppliedBatchHash { get; init; }

    public string? ReferenceListing { get; init; }

    /// <summary>The WireGuard endpoints the block lets out (the direct tunnel's and the proxy exits'), for the leak test.</summary>
    public IReadOnlyList<string> AllowedEndpoints { get; init; } = [];

    public static DirectState Empty { get; } = new();
}

[JsonSerializable(typeof(DirectState))]
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
internal sealed partial class DirectStateJson : JsonSerializerContext;

/// <summary>The state file: written atomically (temporary file, then rename), mode 0600.</summary>
public sealed class DirectStateFile(string directory)
{
    public string Directory => directory;

    public string StatePath => Path.Combine(directory, "state.json");

    /// <summary>The block the boot unit applies before the network comes up.</summary>
    public string SavedBatchPath => Path.Combine(directory, "killswitch.nft");

    public string ResolvConfBackupPath => Path.Combine(directory, "resolv.conf.backup.json");

    public string WgQuickConfigPath(string iface) => Path.Combine(directory, iface + ".conf");

    public DirectState Read()
    {
        return StateFile.TryReadText(StatePath) is { } text
            ? JsonSerializer.Deserialize(text, DirectStateJson.Default.DirectState) ?? DirectState.Empty
            : DirectState.Empty;
    }

    public void Write(DirectState state)
    {
        System.IO.Directory.CreateDirectory(directory);
        WritePrivate(StatePath, JsonSerializer.Serialize(state, DirectStateJson.Default.DirectState));
    }

    public void SaveBatch(string? batch)
    {
        if (batch is null)
        {
            File.Delete(SavedBatchPath);
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        WritePrivate(SavedBatchPath, batch);
    }

    /// <summary>Created 0600 from the start: a wg-quick config holds the private key.</summary>
    public static void WritePrivate(string path, string content) => StateFile.WriteText(path, content);
}
