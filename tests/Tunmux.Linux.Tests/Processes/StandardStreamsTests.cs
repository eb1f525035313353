using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Tests.Processes;

/// <summary>The helper log's bound (the redirect itself is proven end to end on a real sudo -b helper).</summary>
public sealed class StandardStreamsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-helperlog-").FullName;

    private string Log => Path.Combine(_folder, "helper.log");

    [Fact]
    public void A_log_past_the_bound_moves_to_the_first_generation_replacing_an_older_one()
    {
        File.WriteAllText(Log + ".1", "oldest");
        File.WriteAllBytes(Log, new byte[StandardStreams.RotateAbove + 1]);

        StandardStreams.RotateIfLong(Log);

        File.Exists(Log).Should().BeFalse();
        new FileInfo(Log + ".1").Length.Should().Be(StandardStreams.RotateAbove + 1);
    }

    [Fact]
    public void A_log_within_the_bound_stays_where_it_is()
    {
        File.WriteAllBytes(Log, new byte[StandardStreams.RotateAbove]);

        StandardStreams.RotateIfLong(Log);

        new FileInfo(Log).Length.Should().Be(StandardStreams.RotateAbove);
        File.Exists(Log + ".1").Should().BeFalse();
    }

    [Fact]
    public void A_missing_log_is_no_error()
    {
        StandardStreams.RotateIfLong(Log);

        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
