using Tunmux.Linux.Direct;

namespace Tunmux.Linux.Tests.Direct;

/// <summary>resolv.conf replaced for the direct tunnel and restored byte for byte (issue #10).</summary>
public sealed class ResolvConfReplacementTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-resolv-").FullName;

    private string ResolvConf => Path.Combine(_folder, "resolv.conf");

    private string Backup => Path.Combine(_folder, "state", "resolv.conf.backup.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ResolvConfReplacement Replacement(bool mountPoint)
    {
        var mountInfo = Path.Combine(_folder, "mountinfo");
        File.WriteAllText(mountInfo, mountPoint
            ? $"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 8:1 /x {ResolvConf.Replace(" ", "\\040", StringComparison.Ordinal)} rw - ext4 /dev/sda1 rw\n"
            : "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        return new ResolvConfReplacement(ResolvConf, Backup, new MountTable(mountInfo));
    }

    [Fact]
    public void A_file_is_replaced_and_restored_byte_for_byte()
    {
        var original = "# mine\r\nnameserver 192.168.1.1\n\toptions  rotate\n"u8.ToArray();
        File.WriteAllBytes(ResolvConf, original);
        var replacement = Replacement(mountPoint: false);

        replacement.Ensure(["10.64.0.1"]);
        File.ReadAllText(ResolvConf).Should().Contain("nameserver 10.64.0.1").And.NotContain("192.168.1.1");
        replacement.Ensure(["10.64.0.1"]);
        replacement.Restore();

        File.ReadAllBytes(ResolvConf).Should().Equal(original);
        File.Exists(Backup).Should().BeFalse();
    }

    [Fact]
    public void A_bind_mounted_file_is_written_in_place_keeping_its_inode()
    {
        File.WriteAllText(ResolvConf, "nameserver 192.168.1.1\n");
        var inode = Inode(ResolvConf);
        var replacement = Replacement(mountPoint: true);

        replacement.Ensure(["10.64.0.1"]);
        Inode(ResolvConf).Should().Be(inode, "a rename over a mount point would fail or hide the mount");
        replacement.Restore();

        Inode(ResolvConf).Should().Be(inode);
        File.ReadAllText(ResolvConf).Should().Be("nameserver 192.168.1.1\n");
    }

    [Fact]
    public void A_symbolic_link_comes_back_as_the_same_link()
    {
        var target = Path.Combine(_folder, "stub-resolv.conf");
        File.WriteAllText(target, "nameserver 127.0.0.53\n");
        File.CreateSymbolicLink(ResolvConf, target);
        var replacement = Replacement(mountPoint: false);

        replacement.Ensure(["10.64.0.1"]);
        new FileInfo(ResolvConf).LinkTarget.Should().BeNull();
        replacement.Restore();

        new FileInfo(ResolvConf).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Be("nameserver 127.0.0.53\n", "the link's target is never written");
    }

    [Fact]
    public void The_first_backup_is_kept_when_a_pass_repeats_after_a_crash()
    {
        File.WriteAllText(ResolvConf, "nameserver 192.168.1.1\n");
        Replacement(mountPoint: false).Ensure(["10.64.0.1"]);

        // A restarted daemon finds its own file in place: the backup still holds the original.
        var again = Replacement(mountPoint: false);
        again.Ensure(["10.64.0.9"]);
        again.Restore();

        File.ReadAllText(ResolvConf).Should().Be("nameserver 192.168.1.1\n");
    }

    [Fact]
    public void Restore_without_a_change_does_nothing()
    {
        File.WriteAllText(ResolvConf, "nameserver 192.168.1.1\n");
        Replacement(mountPoint: false).Restore();
        File.ReadAllText(ResolvConf).Should().Be("nameserver 192.168.1.1\n");
    }

    private static long Inode(string path) => InodeOf(path);

    private static long InodeOf(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
