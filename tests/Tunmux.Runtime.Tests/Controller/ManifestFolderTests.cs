using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.Controller;

public sealed class ManifestFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tunmux-folder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);

    [Fact]
    public void Every_yaml_file_contributes_its_objects()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        Write("b.yml", TempWorkspace.Tunnel("b"));
        Write("notes.txt", "not a manifest");
        var folder = new ManifestFolder(_directory);
        folder.Reload().Should().BeTrue();
        folder.Objects.Select(o => o.Name).Should().Equal("a", "b");
    }

    [Fact]
    public void An_invalid_edit_keeps_the_last_good_objects_and_reports_the_error()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        Write("a.yaml", "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: a}\nspec: {colour: blue}\n");
        folder.Reload().Should().BeTrue();
        folder.Objects.Select(o => o.Name).Should().Equal("a");
        folder.Errors.Should().ContainSingle(e => e.Message.Contains("colour"));
    }

    [Fact]
    public void A_deleted_file_takes_its_objects_with_it()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        Write("b.yaml", TempWorkspace.Tunnel("b"));
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        File.Delete(Path.Combine(_directory, "b.yaml"));
        folder.Reload().Should().BeTrue();
        folder.Objects.Select(o => o.Name).Should().Equal("a");
    }

    [Fact]
    public void Reloading_an_unchanged_folder_reports_no_change()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        folder.Reload().Should().BeFalse();
    }

    [Fact]
    public void A_file_caught_empty_in_the_middle_of_a_write_keeps_its_objects()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        Write("a.yaml", "");
        folder.Reload().Should().BeFalse();
        folder.Objects.Select(o => o.Name).Should().Equal("a");
        Write("a.yaml", TempWorkspace.Tunnel("b"));
        folder.Reload().Should().BeTrue();
        folder.Objects.Select(o => o.Name).Should().Equal("b");
    }

    [Fact]
    public void A_fifo_in_the_folder_is_reported_and_does_not_block_the_reload()
    {
        Write("a.yaml", TempWorkspace.Tunnel("a"));
        using (var mkfifo = System.Diagnostics.Process.Start("/usr/bin/mkfifo", [Path.Combine(_directory, "b.yaml")]))
        {
            mkfifo.WaitForExit();
        }

        var folder = new ManifestFolder(_directory);

        folder.Reload().Should().BeTrue();
        folder.Objects.Select(o => o.Name).Should().Equal("a");
        folder.Errors.Should().ContainSingle().Which.ToString().Should().EndWith("b.yaml:1:1: cannot read: is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void A_folder_with_more_files_than_the_limit_reads_the_first_ones_and_says_so()
    {
        for (var i = 0; i <= Tunmux.Api.Yaml.YamlLimits.MaxFilesPerFolder; i++)
        {
            Write($"{i:D5}.yaml", "");
        }

        var folder = new ManifestFolder(_directory);
        folder.Reload();

        folder.Errors.Should().ContainSingle().Which.Message.Should().StartWith($"more than {Tunmux.Api.Yaml.YamlLimits.MaxFilesPerFolder} manifest files");
    }
}
