using System.Diagnostics;
using System.Text;

namespace Tunmux.Files.Tests;

/// <summary>Issue #9: state files are written exclusively, 0600, durably and atomically, and read without following links.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-statefile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void A_written_file_is_owner_only_and_leaves_no_temporary_file_behind()
    {
        StateFile.WriteText(PathOf("record.json"), "{\"a\":1}");

        File.ReadAllText(PathOf("record.json")).Should().Be("{\"a\":1}");
        File.GetUnixFileMode(PathOf("record.json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void A_wider_mode_is_set_exactly_whatever_the_umask()
    {
        StateFile.WriteText(PathOf("resolv.conf"), "nameserver 10.0.0.1\n", StateFile.WorldReadable);

        File.GetUnixFileMode(PathOf("resolv.conf")).Should().Be(StateFile.WorldReadable);
    }

    [Fact]
    public void A_link_at_the_target_is_replaced_and_the_file_it_pointed_to_is_never_written()
    {
        var victim = PathOf("victim");
        File.WriteAllText(victim, "untouched");
        File.CreateSymbolicLink(PathOf("record.json"), victim);

        StateFile.WriteText(PathOf("record.json"), "new");

        File.ReadAllText(victim).Should().Be("untouched");
        new FileInfo(PathOf("record.json")).LinkTarget.Should().BeNull();
        File.ReadAllText(PathOf("record.json")).Should().Be("new");
    }

    [Fact]
    public void Many_writers_of_one_file_at_once_each_succeed_and_the_file_holds_one_whole_version()
    {
        // Temporary names unique per write: the reconcile workers write records in parallel.
        var target = PathOf("shared.json");
        var versions = Enumerable.Range(0, 16).Select(n => new string((char)('a' + n), 10_000)).ToList();

        var writing = () => Parallel.ForEach(Enumerable.Range(0, 200), i => StateFile.WriteText(target, versions[i % versions.Count]));

        writing.Should().NotThrow();
        versions.Should().Contain(File.ReadAllText(target));
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void Reading_refuses_a_symbolic_link_even_to_a_readable_file()
    {
        File.WriteAllText(PathOf("elsewhere"), "planted");
        File.CreateSymbolicLink(PathOf("record.json"), PathOf("elsewhere"));

        var reading = () => StateFile.ReadText(PathOf("record.json"));

        reading.Should().Throw<StateFileException>().WithMessage("*symbolic link*").Which.Message.Should().NotContain("planted");
    }

    [Fact]
    public void Reading_refuses_a_file_past_the_cap_without_quoting_it()
    {
        File.WriteAllText(PathOf("big.json"), new string('x', 5000));

        var reading = () => StateFile.ReadText(PathOf("big.json"), maxBytes: 4096);

        reading.Should().Throw<StateFileException>().WithMessage("*larger than 4096 bytes*").Which.Message.Should().NotContain("xxxx");
        StateFile.ReadText(PathOf("big.json"), maxBytes: 5000).Should().HaveLength(5000);
    }

    [Fact]
    public async Task Reading_a_fifo_is_refused_at_once_instead_of_blocking()
    {
        using (var mkfifo = Process.Start("mkfifo", PathOf("pipe")))
        {
            mkfifo.WaitForExit();
        }

        var reading = Task.Run(() => StateFile.ReadText(PathOf("pipe")));

        var refused = async () => await reading.WaitAsync(TimeSpan.FromSeconds(30));

        (await refused.Should().ThrowAsync<StateFileException>("a FIFO must not block the reader")).WithMessage("*not a regular file*");
    }

    [Fact]
    public void A_missing_file_reads_as_null_or_file_not_found()
    {
        StateFile.TryReadText(PathOf("absent.json")).Should().BeNull();
        var reading = () => StateFile.ReadText(PathOf("absent.json"));
        reading.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Text_round_trips_as_utf8()
    {
        StateFile.WriteText(PathOf("t.txt"), "grüße ✓");

        StateFile.ReadText(PathOf("t.txt")).Should().Be("grüße ✓");
        File.ReadAllBytes(PathOf("t.txt")).Should().Equal(Encoding.UTF8.GetBytes("grüße ✓"));
    }
}
