using System.Diagnostics;
using System.Globalization;

namespace Tunmux.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A mount namespace of the test's own in which /etc is a private copy-on-write copy (an overlay
/// whose upper layer is a tmpfs that exists only in that namespace) and /etc/resolv.conf is a
/// bind-mounted file, as containers have it. Programs entered into it (<see cref="Sandbox"/> does,
/// once <see cref="Sandbox.UsePrivateEtcAsync"/> ran) may rewrite /etc/resolv.conf, /etc/hosts and
/// /etc/netns: the machine's own files never change. Only the mounts that hold /etc and the
/// overlay's folder are made private; /run/netns stays shared with the machine, so namespaces
/// the daemon creates in here are visible (and removable by name) from outside.
/// A holder process keeps the namespace alive; disposing kills it by PID, and the namespace with
/// all its mounts goes with the last process in it.
/// </summary>
public sealed class PrivateEtc : IAsyncDisposable
{
    private const string Script = """
        set -eu
        for p in / /etc "$TMX_DIR"; do mount --make-private "$(findmnt -n -o TARGET -T "$p")"; done
        mount -t tmpfs -o mode=0700 tunmux-test-etc "$TMX_DIR/rw"
        mkdir "$TMX_DIR/rw/upper" "$TMX_DIR/rw/work"
        mount -t overlay tunmux-test-etc -o "lowerdir=/etc,upperdir=$TMX_DIR/rw/upper,workdir=$TMX_DIR/rw/work" /etc
        rm -f /etc/resolv.conf
        : > /etc/resolv.conf
        mount --bind "$TMX_DIR/resolv.conf" /etc/resolv.conf
        echo ready
        exec sleep infinity
        """;

    private readonly Process _holder;

    private PrivateEtc(Process holder, string resolvConfSource)
    {
        _holder = holder;
        ResolvConfSource = resolvConfSource;
    }

    /// <summary>For nsenter --mount=.</summary>
    public string NamespacePath => $"/proc/{_holder.Id}/ns/mnt";

    /// <summary>The file bind-mounted over /etc/resolv.conf inside the namespace (same inode).</summary>
    public string ResolvConfSource { get; }

    /// <param name="folder">A folder of the test's own (created here); it holds the private resolv.conf.</param>
    public static async Task<PrivateEtc> StartAsync(string folder, string resolvConf)
    {
        Directory.CreateDirectory(Path.Combine(folder, "rw"));
        var source = Path.Combine(folder, "resolv.conf");
        await File.WriteAllTextAsync(source, resolvConf);
        var startInfo = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--mount", "--propagation", "unchanged", "--", "/bin/sh", "-c", Script })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TMX_DIR"] = folder;
        var holder = Process.Start(startInfo)!;
        var stderr = holder.StandardError.ReadToEndAsync();
        var first = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (first != "ready")
        {
            holder.Kill();
            await holder.WaitForExitAsync();
            throw new InvalidOperationException($"the private mount namespace could not be set up: {await stderr}");
        }

        return new PrivateEtc(holder, source);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_holder.HasExited)
        {
            (await Run.ProgramAsync(["kill", "-9", _holder.Id.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill the mount namespace holder");
            await _holder.WaitForExitAsync();
        }

        _holder.Dispose();
    }
}
