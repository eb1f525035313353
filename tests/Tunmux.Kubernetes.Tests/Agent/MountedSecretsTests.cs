using Tunmux.Kubernetes.Tests.Support;
using Tunmux.Testing;

namespace Tunmux.Kubernetes.Tests.Agent;

/// <summary>
/// The Secret volume with the keys (issue #11): when kubelet swaps new content in ("..data" renamed
/// to a new timestamped folder), the agent's source reports a change, so the control loop reads the
/// keys again and rebuilds what uses a changed one. The change is told without reading any secret.
/// </summary>
public sealed class MountedSecretsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-secrets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder => Path.Combine(_root, "secrets");

    [Fact]
    public async Task A_kubelet_swap_of_the_Secret_makes_the_source_report_a_change()
    {
        var volume = new KubeletVolume(Folder, new Dictionary<string, string> { ["exit.key"] = "first\n" });
        var declared = new KubernetesDeclaredSource(new KubernetesSource(), new MountedSecrets(Folder));
        declared.Reload();
        var changes = 0;
        using var watch = declared.Watch(() => Interlocked.Increment(ref changes));

        volume.Update(new Dictionary<string, string> { ["exit.key"] = "second\n" });

        await Eventually.ThatAsync(() => Volatile.Read(ref changes) > 0, "the swap to be reported");
        declared.Reload().Should().BeFalse("the change was taken already");
        File.ReadAllText(Path.Combine(Folder, "exit.key")).Should().Be("second\n");
    }

    [Fact]
    public void The_version_is_where_the_data_link_points_and_never_the_content()
    {
        var volume = new KubeletVolume(Folder, new Dictionary<string, string> { ["exit.key"] = "secret-content\n" });
        var secrets = new MountedSecrets(Folder);
        var first = secrets.Version();

        volume.Update(new Dictionary<string, string> { ["exit.key"] = "other-content\n" });

        first.Should().NotContain("secret-content");
        secrets.Version().Should().Be(volume.Current).And.NotBe(first);
    }

    [Fact]
    public void A_plain_folder_changes_version_when_a_file_changes_and_a_missing_one_is_no_error()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "exit.key"), "one\n");
        var secrets = new MountedSecrets(Folder);
        var first = secrets.Version();

        File.WriteAllText(Path.Combine(Folder, "exit.key"), "three\n");

        secrets.Version().Should().NotBe(first);
        new MountedSecrets(Path.Combine(_root, "absent")).Version().Should().BeEmpty();
        new MountedSecrets(Path.Combine(_root, "absent")).Watch(() => { }).Should().BeNull();
    }
}
