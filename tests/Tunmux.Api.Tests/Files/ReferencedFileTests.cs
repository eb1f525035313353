using System.Diagnostics;
using Tunmux.Api.Files;
using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Files;

/// <summary>The one reader for files that inputs name: regular files only, capped, and silent about content.</summary>
public sealed class ReferencedFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_regular_file_is_read_as_text_without_its_byte_order_mark()
    {
        var file = _folder.Write("key", "\uFEFFsecret-ish text\n");

        ReferencedFile.ReadAllText(file).Should().Be("secret-ish text\n");
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking_even_with_no_writer()
    {
        var fifo = Path.Combine(_folder.Path, "pipe");
        MakeFifo(fifo);

        var read = () => ReferencedFile.ReadAllText(fifo);

        read.Should().Throw<ReferencedFileException>().WithMessage("is a FIFO (named pipe), not a regular file");
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    [InlineData("/proc/self/environ", "lies on /proc, not on a file system that holds files")]
    [InlineData("/proc/self/status", "lies on /proc, not on a file system that holds files")]
    [InlineData("/sys/kernel/uevent_seqnum", "lies on /sys, not on a file system that holds files")]
    [InlineData("/", "is a folder, not a regular file")]
    public void Devices_folders_and_kernel_files_are_refused(string path, string message)
    {
        var read = () => ReferencedFile.ReadAllText(path);

        read.Should().Throw<ReferencedFileException>().WithMessage(message);
    }

    [Fact]
    public void A_symlink_to_a_device_is_refused_like_the_device()
    {
        var link = Path.Combine(_folder.Path, "zero.key");
        File.CreateSymbolicLink(link, "/dev/zero");

        var read = () => ReferencedFile.ReadAllText(link);

        read.Should().Throw<ReferencedFileException>().WithMessage("is a character device, not a regular file");
    }

    [Fact]
    public void A_symlink_to_a_regular_file_is_followed()
    {
        var target = _folder.Write("real.key", "text");
        var link = Path.Combine(_folder.Path, "link.key");
        File.CreateSymbolicLink(link, target);

        ReferencedFile.ReadAllText(link).Should().Be("text");
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_without_quoting_it()
    {
        var file = _folder.Write("big", new string('s', 101));

        var read = () => ReferencedFile.ReadAllText(file, maxBytes: 100);

        read.Should().Throw<ReferencedFileException>().Which.Message.Should().Be("is larger than 100 bytes, the limit for a file an input names")
            .And.NotContain("sss");
    }

    [Fact]
    public void A_file_exactly_at_the_cap_is_read()
    {
        var file = _folder.Write("edge", new string('s', 100));

        ReferencedFile.ReadAllText(file, maxBytes: 100).Should().HaveLength(100);
    }

    [Fact]
    public void The_default_cap_is_one_mebibyte()
    {
        ReferencedFile.MaxBytes.Should().Be(1024 * 1024);
        ReferencedFile.Describe(ReferencedFile.MaxBytes).Should().Be("1 MiB");
        var file = _folder.Write("huge", new string('x', ReferencedFile.MaxBytes + 1));

        var read = () => ReferencedFile.ReadAllText(file);

        read.Should().Throw<ReferencedFileException>().WithMessage("is larger than 1 MiB*");
    }

    [Theory]
    [InlineData("/etc/pass\0wd", "the path holds a NUL character")]
    [InlineData("", "the path is empty")]
    public void Paths_no_file_can_have_are_refused_before_any_system_call(string path, string message)
    {
        var read = () => ReferencedFile.ReadAllText(path);

        read.Should().Throw<ReferencedFileException>().WithMessage(message);
    }

    [Fact]
    public void A_missing_file_is_a_reader_exception_not_a_crash()
    {
        var read = () => ReferencedFile.ReadAllText(Path.Combine(_folder.Path, "absent"));

        read.Should().Throw<ReferencedFileException>().Which.Should().BeAssignableTo<IOException>();
    }

    [Fact]
    public void For_a_caller_that_is_not_root_missing_and_unreadable_read_the_same()
    {
        const int noSuchFile = 2, permissionDenied = 13, notADirectory = 20;

        var answers = new[] { noSuchFile, permissionDenied, notADirectory }.Select(e => ReferencedFile.ErrorText(e, callerIsRoot: false));

        answers.Should().AllBe("does not exist or is not readable");
        ReferencedFile.ErrorText(noSuchFile, callerIsRoot: true).Should().Be("does not exist");
        ReferencedFile.ErrorText(permissionDenied, callerIsRoot: true).Should().Be("permission denied");
    }

    [Fact]
    public void TryReadAllText_reports_the_problem_instead_of_throwing()
    {
        ReferencedFile.TryReadAllText("/dev/zero", out var text, out var problem).Should().BeFalse();

        text.Should().BeEmpty();
        problem.Should().Be("is a character device, not a regular file");
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("/usr/bin/mkfifo", [path]))!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }
}
