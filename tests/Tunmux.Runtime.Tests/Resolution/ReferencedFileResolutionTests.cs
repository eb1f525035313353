using System.Diagnostics;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.Resolution;

/// <summary>Files that manifests name go through the one careful reader: each bad kind is an ordinary error at its field.</summary>
public sealed class ReferencedFileResolutionTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static string ConfigFileTunnel(string path) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: a{"}"}
        spec:
          wireguard:
            configFile: "{path}"
        """;

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/proc/self/environ", "lies on /proc, not on a file system that holds files")]
    public void A_config_file_that_is_not_a_regular_file_is_an_error_at_its_field(string path, string problem)
    {
        var manifests = _workspace.Manifests(ConfigFileTunnel(path));
        manifests.Errors.Should().BeEmpty();

        var (desired, errors) = new ManifestResolver().Resolve(manifests.Objects);

        desired.Tunnels.Should().BeEmpty();
        var error = errors.Should().ContainSingle().Subject;
        error.FieldPath.Should().Be("spec.wireguard.configFile");
        error.Message.Should().Be($"cannot read {path}: {problem}");
    }

    [Fact]
    public void A_fifo_as_private_key_file_is_refused_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_workspace.Root, "client.key");
        File.Delete(fifo);
        using (var mkfifo = Process.Start("/usr/bin/mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var manifests = _workspace.Manifests(TempWorkspace.Tunnel("a"));
        var (_, errors) = new ManifestResolver().Resolve(manifests.Objects);

        errors.Should().ContainSingle().Which.Message.Should().EndWith("is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void A_key_path_holding_a_nul_character_is_a_binding_error_not_a_crash()
    {
        var manifests = _workspace.Manifests(ConfigFileTunnel("/etc/x\\0y.conf"));

        manifests.Errors.Should().ContainSingle().Which.Message.Should().Be("holds a NUL character, which no file path can contain");
    }
}
