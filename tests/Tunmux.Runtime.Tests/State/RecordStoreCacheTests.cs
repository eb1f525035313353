using Tunmux.Core.State;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.State;

/// <summary>
/// Records are read once and reused while their file is unchanged (issue #4: every key of a pass
/// loads every record). The tests swap a file's content behind the store's back, keeping its
/// length and, where said, its modification time: that shows whether the file was read again.
/// </summary>
public sealed class RecordStoreCacheTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempWorkspace _workspace = new();
    private readonly RecordStore _store;

    public RecordStoreCacheTests()
    {
        _store = new RecordStore(_workspace.Paths);
        Directory.CreateDirectory(_workspace.Paths.ProxyRecordsDir);
    }

    public void Dispose() => _workspace.Dispose();

    private string FileOf(string name) => Path.Combine(_workspace.Paths.ProxyRecordsDir, name + ".json");

    private static ProxyRecord Proxy(string name, int pid) =>
        new(name, "alpha", "127.0.0.1:1080", null, "hash", new ProcessRef(pid, 1), DateTimeOffset.UnixEpoch);

    /// <summary>Writes the record as another process would, in place, with the given modification time.</summary>
    private void WriteBehindTheStore(ProxyRecord record, DateTime modified)
    {
        var scratch = new RecordStore(_workspace.Paths with { StateDir = Path.Combine(_workspace.Root, "scratch") });
        scratch.Save(record);
        var text = File.ReadAllText(Path.Combine(_workspace.Root, "scratch", "records", "proxies", record.Name + ".json"));
        File.WriteAllText(FileOf(record.Name), text);
        File.SetLastWriteTimeUtc(FileOf(record.Name), modified);
    }

    [Fact]
    public void An_unchanged_file_is_not_read_again()
    {
        WriteBehindTheStore(Proxy("p", 1001), LongAgo);
        _store.LoadProxies().Records.Single().Process.Pid.Should().Be(1001);

        // Same length, same time: only reading the file again could see the new pid.
        WriteBehindTheStore(Proxy("p", 1002), LongAgo);

        _store.LoadProxies().Records.Single().Process.Pid.Should().Be(1001);
    }

    [Fact]
    public void A_file_written_since_is_read_again()
    {
        WriteBehindTheStore(Proxy("p", 1001), LongAgo);
        _store.LoadProxies();

        WriteBehindTheStore(Proxy("p", 1002), LongAgo.AddSeconds(1));

        _store.LoadProxies().Records.Single().Process.Pid.Should().Be(1002);
    }

    [Fact]
    public void A_file_modified_just_before_it_was_read_is_read_again_because_file_times_are_coarse()
    {
        var now = DateTime.UtcNow;
        WriteBehindTheStore(Proxy("p", 1001), now);
        _store.LoadProxies();

        WriteBehindTheStore(Proxy("p", 1002), now);

        _store.LoadProxies().Records.Single().Process.Pid.Should().Be(1002);
    }

    [Fact]
    public void A_file_corrupted_in_place_is_reported_and_a_deleted_one_is_gone()
    {
        WriteBehindTheStore(Proxy("p", 1001), LongAgo);
        WriteBehindTheStore(Proxy("q", 1003), LongAgo);
        _store.LoadProxies().Records.Should().HaveCount(2);

        File.WriteAllText(FileOf("p"), "{ this is not json");
        _store.DeleteProxy("q");

        var (records, problems) = _store.LoadProxies();
        records.Should().BeEmpty();
        problems.Should().ContainSingle().Which.Should().Contain("unreadable record ignored");
    }

    [Fact]
    public void A_record_saved_through_the_store_is_seen_at_once()
    {
        WriteBehindTheStore(Proxy("p", 1001), LongAgo);
        _store.LoadProxies();

        _store.Save(Proxy("p", 1002));

        _store.LoadProxies().Records.Single().Process.Pid.Should().Be(1002);
    }
}
