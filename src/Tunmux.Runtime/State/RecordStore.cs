using System.Text.Json;
using Tunmux.Core.State;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.State;

/// <summary>
/// The per-object records of what tunmux built (one JSON file each, written atomically). A
/// record that cannot be read is reported and treated as absent, so the next pass rebuilds
/// the object instead of failing forever.
/// </summary>
public sealed class RecordStore(TunmuxPaths paths)
{
    public (IReadOnlyList<TunnelRecord> Records, IReadOnlyList<string> Problems) LoadTunnels() =>
        LoadAll<TunnelRecord>(paths.TunnelRecordsDir);

    public (IReadOnlyList<ProxyRecord> Records, IReadOnlyList<string> Problems) LoadProxies() =>
        LoadAll<ProxyRecord>(paths.ProxyRecordsDir);

    public (IReadOnlyList<PortForwardRecord> Records, IReadOnlyList<string> Problems) LoadPortForwards() =>
        LoadAll<PortForwardRecord>(paths.PortForwardRecordsDir);

    public void Save(PortForwardRecord record) => Write(paths.PortForwardRecordsDir, record.Name, record);

    public void DeletePortForward(string name) => Delete(paths.PortForwardRecordsDir, name);

    public void Save(TunnelRecord record) => Write(paths.TunnelRecordsDir, record.Name, record);

    public void Save(ProxyRecord record) => Write(paths.ProxyRecordsDir, record.Name, record);

    public void DeleteTunnel(string name) => Delete(paths.TunnelRecordsDir, name);

    public void DeleteProxy(string name) => Delete(paths.ProxyRecordsDir, name);

    private static void Write<T>(string directory, string name, T record) =>
        AtomicFile.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(record, StateJson.Options));

    private static void Delete(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".json");
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static (IReadOnlyList<T>, IReadOnlyList<string>) LoadAll<T>(string directory)
    {
        var records = new List<T>();
        var problems = new List<string>();
        if (!Directory.Exists(directory))
        {
            return (records, problems);
        }

        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var record = JsonSerializer.Deserialize<T>(File.ReadAllText(file), StateJson.Options);
                if (record is null)
                {
                    problems.Add($"{file}: empty record ignored");
                    continue;
                }

                records.Add(record);
            }
            catch (JsonException ex)
            {
                problems.Add($"{file}: unreadable record ignored ({ex.Message})");
            }
        }

        return (records, problems);
    }
}
