using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Desktop;

/// <summary>
/// A real non-root user made for one test (tmxh&lt;hex&gt;, with a group of the same name, no home, no
/// login shell), who runs tunmux inside the sandbox's network namespace and inside a private mount
/// namespace whose /etc/sudoers.d is a copy of the machine's plus this test's drop-in: the
/// machine's own sudoers files are never touched, and the drop-in vanishes with the namespace.
/// Disposing ends the mount namespace's holder, then deletes the user and the group by name.
/// </summary>
public sealed class DesktopUser : IAsyncDisposable
{
    /// <summary>What the helper started through sudo keeps of the user's environment: only the test's unique names and folders.</summary>
    private const string SandboxNaming = "TUNMUX_STATE_DIR TUNMUX_RUN_DIR TUNMUX_NETNS_PREFIX TUNMUX_IF_PREFIX TUNMUX_SOCKET";

    private readonly Sandbox _sandbox;
    private Process? _holder;
    private bool _created;

    private DesktopUser(Sandbox sandbox, string name)
    {
        _sandbox = sandbox;
        Name = name;
        Home = Path.Combine(sandbox.StateDir, name);
    }

    public string Name { get; }

    public uint Uid { get; private set; }

    public uint Gid { get; private set; }

    /// <summary>The user's own folder: config.toml, provider logins, the runtime folder (start lock).</summary>
    public string Home { get; }

    public string ConfigDir => Path.Combine(Home, "config");

    /// <summary>The executable the sudoers rule names: the binary under test, links resolved (sudo matches the real path).</summary>
    public static string Binary => new FileInfo(TunmuxBinary.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? TunmuxBinary.Path;

    /// <summary>
    /// The README's sudoers lines (On-demand helper) for this user: the helper's exact command
    /// lines, one per autostop setting and the stdio helper, and nothing else.
    /// </summary>
    public IReadOnlyList<string> DocumentedSudoersLines(TimeSpan idleTimeout)
    {
        var helper = $"{Escape(Binary)} daemon --autostarted --group {Name}";
        var idle = ((long)idleTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return
        [
            $"{Name} ALL=(root) NOPASSWD: {helper}",
            $"{Name} ALL=(root) NOPASSWD: {helper} --autostop command",
            $"{Name} ALL=(root) NOPASSWD: {helper} --autostop timeout --idle-timeout-ms\\={idle}",
            $"{Name} ALL=(root) NOPASSWD: {helper} --stdio",
        ];
    }

    /// <param name="sudoersLines">The user's lines in the drop-in; none for a user sudo knows nothing about.</param>
    public static async Task<DesktopUser> CreateAsync(Sandbox sandbox, IReadOnlyList<string>? sudoersLines = null, Func<DesktopUser, IReadOnlyList<string>>? linesFor = null)
    {
        var user = new DesktopUser(sandbox, $"tmxh{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        try
        {
            await user.CreateAccountAsync();
            await user.EnterPrivateSudoersAsync(linesFor?.Invoke(user) ?? sudoersLines ?? []);
            return user;
        }
        catch
        {
            await user.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the user's config.toml (the user's own file, as a desktop user has it).</summary>
    public async Task WriteConfigAsync(string toml)
    {
        var path = Path.Combine(ConfigDir, "config.toml");
        await File.WriteAllTextAsync(path, toml);
        await ChownAsync(path);
    }

    /// <summary>tunmux as this user, in the sandbox's network namespace and the private mount namespace.</summary>
    public Task<Run.Result> TunmuxAsync(IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args)
    {
        var merged = new Dictionary<string, string>(_sandbox.Environment);
        foreach (var (key, value) in environment)
        {
            merged[key] = value;
        }

        merged["TUNMUX_CONFIG_DIR"] = ConfigDir;
        merged["HOME"] = Home;
        merged["XDG_RUNTIME_DIR"] = Home;
        merged["USER"] = Name;
        merged["LOGNAME"] = Name;
        merged["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        var uid = Uid.ToString(CultureInfo.InvariantCulture);
        var gid = Gid.ToString(CultureInfo.InvariantCulture);
        return Run.ProgramAsync(
            [
                "nsenter", $"--mount=/proc/{_holder!.Id}/ns/mnt", $"--net=/run/netns/{_sandbox.Name}", "--",
                "setpriv", $"--reuid={uid}", $"--regid={gid}", "--init-groups", "--",
                Binary, .. args,
            ],
            merged,
            stdin,
            TimeSpan.FromMinutes(4));
    }

    /// <summary>PIDs of helpers (tunmux daemon --autostarted) running in the sandbox's network namespace.</summary>
    public async Task<IReadOnlyList<int>> HelperPidsAsync()
    {
        var pids = new List<int>();
        foreach (var line in (await Run.ProgramAsync(["ip", "netns", "pids", _sandbox.Name])).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var pid = int.Parse(line.Trim(), CultureInfo.InvariantCulture);
            string arguments;
            try
            {
                arguments = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // gone meanwhile
            }

            // sudo's own process carries the same words after "sudo": only the helper itself counts.
            if (arguments.StartsWith(Binary + " daemon --autostarted", StringComparison.Ordinal))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        if (_holder is { } holder)
        {
            holder.StandardInput.Close();
            if (!holder.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                holder.Kill();
            }

            holder.Dispose();
        }

        if (_created)
        {
            // sudo's own process keeps the user's real uid while the helper it started runs, and
            // userdel refuses a user with processes: wait for them to end (the caller stops them).
            await Eventually.ThatAsync(
                async () => (await Run.ProgramAsync(["userdel", Name])).ExitCode == 0 || (await Run.ProgramAsync(["id", "-u", Name])).ExitCode != 0,
                TimeSpan.FromSeconds(60),
                $"userdel {Name} (no process of the user left)");
            if ((await Run.ProgramAsync(["getent", "group", Name])).ExitCode == 0)
            {
                await Run.ProgramAsync(["groupdel", Name]);
            }
        }
    }

    private async Task CreateAccountAsync()
    {
        (await Run.ProgramAsync(["useradd", "-M", "-U", "-s", "/usr/sbin/nologin", Name])).EnsureSuccess($"useradd {Name}");
        _created = true;
        Uid = uint.Parse((await Run.ProgramAsync(["id", "-u", Name])).EnsureSuccess("id -u").Stdout.Trim(), CultureInfo.InvariantCulture);
        Gid = uint.Parse((await Run.ProgramAsync(["id", "-g", Name])).EnsureSuccess("id -g").Stdout.Trim(), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(ConfigDir);
        await ChownAsync(Home);
        await ChownAsync(ConfigDir);
    }

    /// <summary>
    /// The private mount namespace: /etc/sudoers.d replaced by a copy with the drop-in, checked by
    /// visudo first. Its mount is made private before the bind, so nothing propagates to the
    /// machine; /run/netns keeps sharing, so namespaces the helper makes are the machine's as usual.
    /// </summary>
    private async Task EnterPrivateSudoersAsync(IReadOnlyList<string> lines)
    {
        var copy = Path.Combine(_sandbox.StateDir, $"sudoers.d-{Name}");
        Directory.CreateDirectory(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (Directory.Exists("/etc/sudoers.d"))
        {
            foreach (var file in Directory.EnumerateFiles("/etc/sudoers.d"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }
        }

        var dropIn = Path.Combine(copy, $"tunmux-e2e-{Name}");
        var text = lines.Count == 0 ? "" : $"Defaults:{Name} env_keep += \"{SandboxNaming}\"\n" + string.Join('\n', lines) + "\n";
        await File.WriteAllTextAsync(dropIn, text);
        File.SetUnixFileMode(dropIn, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        (await Run.ProgramAsync(["visudo", "-cf", dropIn])).EnsureSuccess($"visudo -cf {dropIn}");

        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-m", "--propagation", "unchanged", "--", "/bin/sh", "-c",
            "mount --make-private \"$(findmnt -n -o TARGET -T /etc/sudoers.d)\" && mount --bind \"$1\" /etc/sudoers.d && echo ready && exec cat >/dev/null",
            "holder", copy,
        })
        {
            start.ArgumentList.Add(argument);
        }

        _holder = Process.Start(start)!;
        var ready = await _holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            throw new InvalidOperationException($"the private mount namespace did not come up: {await _holder.StandardError.ReadToEndAsync()}");
        }
    }

    private async Task ChownAsync(string path) =>
        (await Run.ProgramAsync(["chown", $"{Name}:{Name}", path])).EnsureSuccess($"chown {path}");

    private static string Escape(string word) =>
        string.Concat(word.Select(c => c is ',' or ':' or '=' or '\\' or ' ' or '*' or '?' or '[' or ']' or '!' ? $"\\{c}" : c.ToString()));
}
