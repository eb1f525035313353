using System.Text.Json;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Files;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.State;

/// <summary>
/// The daemon's saved status, one JSON file per tunnel and per proxy under the state dir,
/// written atomically and readable by root only. History is capped at
/// <see cref="EventHistory.DefaultCapacity"/> events on the way in and out, so a file never grows.
/// A file that cannot be read is reported and treated as absent: status then starts afresh.
/// </summary>
public sealed class StatusStore(TunmuxPaths paths)
{
    public (IReadOnlyDictionary<string, SavedStatus> Saved, IReadOnlyList<string> Problems) LoadTunnels() => LoadAll(paths.TunnelStatusDir);

    public (IReadOnlyDictionary<string, SavedStatus> Saved, IReadOnlyList<string> Problems) LoadProxies() => LoadAll(paths.ProxyStatusDir);

    public void SaveTunnel(string name, SavedStatus status) => Write(paths.TunnelStatusDir, name, status);

    public void SaveProxy(string name, SavedStatus status) => Write(paths.ProxyStatusDir, name, status);

    public void DeleteTunnel(string name) => Delete(PathOf(paths.TunnelStatusDir, name));

    public void DeleteProxy(string name) => Delete(PathOf(paths.ProxyStatusDir, name));

    private static string PathOf(string directory, string name) => Path.Combine(directory, name + ".json");

    private static void Delete(string path)
    {
        // File.Delete is quiet about a missing file but not about a missing folder.
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static void Write(string directory, string name, SavedStatus status) =>
        StateFile.WriteText(PathOf(directory, name), JsonSerializer.Serialize(Capped(status), StateJson.TypeOf<SavedStatus>()));

    private static SavedStatus Capped(SavedStatus status) =>
        status.Events.Count <= EventHistory.DefaultCapacity ? status : status with { Events = [.. status.Events.TakeLast(EventHistory.DefaultCapacity)] };

    private static (IReadOnlyDictionary<string, SavedStatus>, IReadOnlyList<string>) LoadAll(string directory)
    {
        var saved = new Dictionary<string, SavedStatus>(StringComparer.Ordinal);
        var problems = new List<string>();
        if (!Directory.Exists(directory))
        {
            return (saved, problems);
        }

        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                // Lists missing from a hand-edited file come back null despite the types: treat as unreadable.
                if (JsonSerializer.Deserialize(StateFile.ReadText(file), StateJson.TypeOf<SavedStatus>()) is { Conditions: not null, Events: not null } status)
                {
                    saved[Path.GetFileNameWithoutExtension(file)] = Capped(status);
                }
                else
                {
                    problems.Add($"{file}: empty or incomplete status ignored");
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                problems.Add($"{file}: unreadable status ignored ({ex.Message})");
            }
        }

        return (saved, problems);
    }
}
