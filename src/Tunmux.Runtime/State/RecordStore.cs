using System.Text.Json;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Files;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.State;

/// <summary>
/// The per-object records of what tunmux built (one JSON file each, written atomically). A
/// record that cannot be read is reported and treated as absent, so the next pass rebuilds
/// the object instead of failing forever. Reading is cheap when nothing changed: an unchanged
/// file is not read again (see <see cref="RecordFileCache"/>).
/// </summary>
public sealed class RecordStore(TunmuxPaths paths)
{
    /// <summary>Shared by every store in the process: they all read the same files.</summary>
    private static readonly RecordFileCache Cache = new(TimeProvider.System);

    private static long _writes;

    /// <summary>
    /// Counts the records this process has written or deleted (through any store), so a caller
    /// that follows the records (the drift watcher) can tell cheaply whether to look again.
    /// </summary>
    public static long Writes => Interlocked.Read(ref _writes);

    /// <summary>The prefixes the records' host objects carry (checked before anything is acted on).</summary>
    public HostNaming Naming => paths.Naming;

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

    private static void Write<T>(string directory, string name, T record)
    {
        StateFile.WriteText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(record, StateJson.TypeOf<T>()));
        Interlocked.Increment(ref _writes);
    }

    private static void Delete(string directory, string name)
    {
        var path = Path.Combine(directory, name + ".json");
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Interlocked.Increment(ref _writes);
    }

    private static (IReadOnlyList<T>, IReadOnlyList<string>) LoadAll<T>(string directory)
    {
        var records = new List<T>();
        var problems = new List<string>();
        if (!Directory.Exists(directory))
        {
            return (records, problems);
        }

        var files = new DirectoryInfo(directory).GetFiles("*.json").OrderBy(file => file.Name, StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            RecordFileOutcome outcome;
            try
            {
                outcome = Cache.Get(file, () => Read<T>(file.FullName));
            }
            catch (FileNotFoundException)
            {
                continue; // deleted since the folder was listed: gone, not broken
            }

            if (outcome.Record is T record)
            {
                records.Add(record);
            }
            else if (outcome.Problem is { } problem)
            {
                problems.Add(problem);
            }
        }

        Cache.Retain(directory, files.Select(file => file.FullName).ToHashSet(StringComparer.Ordinal));
        return (records, problems);
    }

    private static RecordFileOutcome Read<T>(string file)
    {
        try
        {
            var record = JsonSerializer.Deserialize(StateFile.ReadText(file), StateJson.TypeOf<T>());
            return record is null ? new(null, $"{file}: empty record ignored") : new(record, null);
        }
        catch (JsonException ex)
        {
            return new(null, $"{file}: unreadable record ignored ({ex.Message})");
        }
        catch (FileNotFoundException)
        {
            return new(null, null); // deleted since the folder was listed: gone, not broken
        }
        catch (StateFileException ex)
        {
            // A link, a FIFO, a file past the size cap: reported and never acted on.
            return new(null, $"{file}: unreadable record ignored ({ex.Message})");
        }
    }
}
