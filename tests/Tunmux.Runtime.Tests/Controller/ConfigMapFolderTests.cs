using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// `--manifests DIR` where DIR is a ConfigMap volume (the chart's configMap source mode): kubelet
/// never rewrites the visible files, it swaps the "..data" symlink to a new timestamped folder. The
/// folder must follow that swap by itself, and read neither "..data" nor the timestamped folders
/// as manifests.
/// </summary>
public sealed class ConfigMapFolderTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("tunmux-configmap-").FullName, "manifests");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    private static string? Endpoint(ManifestFolder folder, string name) =>
        folder.Objects.OfType<TunnelManifest>().SingleOrDefault(t => t.Name == name)?.Spec.WireGuard?.Peer?.Endpoint;

    [Fact]
    public void The_visible_files_are_read_through_the_data_link_and_nothing_else_counts()
    {
        var volume = new KubeletVolume(_directory, new Dictionary<string, string> { ["exits.yaml"] = TempWorkspace.Tunnel("a") });
        var folder = new ManifestFolder(_directory);

        folder.Reload().Should().BeTrue();

        folder.Objects.Select(o => o.Name).Should().Equal("a");
        folder.Errors.Should().BeEmpty();
        Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).Should().Contain([KubeletVolume.DataLink, volume.Current, "exits.yaml"]);
    }

    [Fact]
    public async Task An_atomic_swap_done_the_kubelet_way_is_picked_up_without_any_other_event()
    {
        var volume = new KubeletVolume(_directory, new Dictionary<string, string> { ["exits.yaml"] = TempWorkspace.Tunnel("a", "198.18.1.2:51820") });
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        var changed = new SemaphoreSlim(0);
        using var watch = folder.Watch(() => changed.Release());

        volume.Update(new Dictionary<string, string> { ["exits.yaml"] = TempWorkspace.Tunnel("a", "198.18.9.2:51820") });

        (await WaitForAsync(changed, () => Endpoint(folder, "a") == "198.18.9.2:51820")).Should().BeTrue("the new content shows after the ..data swap");
        folder.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_added_to_the_ConfigMap_adds_its_objects_and_a_removed_key_takes_them_away()
    {
        var volume = new KubeletVolume(_directory, new Dictionary<string, string> { ["a.yaml"] = TempWorkspace.Tunnel("a") });
        var folder = new ManifestFolder(_directory);
        folder.Reload();
        var changed = new SemaphoreSlim(0);
        using var watch = folder.Watch(() => changed.Release());

        volume.Update(new Dictionary<string, string> { ["a.yaml"] = TempWorkspace.Tunnel("a"), ["b.yaml"] = TempWorkspace.Tunnel("b") });
        (await WaitForAsync(changed, () => folder.Objects.Count == 2)).Should().BeTrue("b.yaml arrived");

        volume.Update(new Dictionary<string, string> { ["b.yaml"] = TempWorkspace.Tunnel("b") });
        (await WaitForAsync(changed, () => folder.Objects.Select(o => o.Name).SequenceEqual(["b"]))).Should().BeTrue("a.yaml left");
    }

    /// <summary>Waits for change notifications until the condition holds; false after <see cref="Patience"/>.</summary>
    private static async Task<bool> WaitForAsync(SemaphoreSlim changed, Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }

        return true;
    }
}
