using System.Globalization;
using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// A real daemon (in a sandbox namespace) whose control socket admits a throwaway group, a real
/// member of that group, a folder the member owns, and a root-only folder holding a secret. Requests
/// go through the real socket from other processes: socat (any line, as the member or as root) or
/// the tunmux CLI run as the member. Disposing stops the daemon and removes the users, the group
/// and the folders, by name.
/// </summary>
public sealed class HostileDaemon : IAsyncDisposable
{
    private HostileDaemon(Sandbox sandbox, TemporaryAccounts accounts, DaemonProcess daemon, string id)
    {
        Sandbox = sandbox;
        Accounts = accounts;
        Daemon = daemon;
        SecretDir = $"/tmp/tmxsecret-{id}";
        MemberDir = $"/tmp/tmxmember-{id}";
        Marker = $"tmx-secret-{id}-never-reveal";
    }

    public Sandbox Sandbox { get; }

    public TemporaryAccounts Accounts { get; }

    public DaemonProcess Daemon { get; }

    public TemporaryAccounts.Account Member => Accounts.SupplementaryMember;

    /// <summary>0700 root: the member can neither list nor read it.</summary>
    public string SecretDir { get; }

    /// <summary>A root-only file (0600) holding <see cref="Marker"/>.</summary>
    public string Secret => Path.Combine(SecretDir, "key");

    /// <summary>Beside <see cref="Secret"/>, and missing.</summary>
    public string Missing => Path.Combine(SecretDir, "missing");

    /// <summary>Owned by the member: its manifests, symlinks and FIFOs.</summary>
    public string MemberDir { get; }

    public string Marker { get; }

    public string Socket => DaemonProcess.SocketOf(Sandbox);

    public static async Task<HostileDaemon> StartAsync()
    {
        var sandbox = await Sandbox.CreateAsync();
        TemporaryAccounts? accounts = null;
        try
        {
            accounts = await TemporaryAccounts.CreateAsync();
            var daemon = await DaemonProcess.StartAsync(sandbox, "--group", accounts.Group);
            var hostile = new HostileDaemon(sandbox, accounts, daemon, sandbox.Id);
            await hostile.PrepareFilesAsync();
            return hostile;
        }
        catch
        {
            if (accounts is not null)
            {
                await accounts.DisposeAsync();
            }

            await sandbox.DisposeAsync();
            throw;
        }
    }

    private async Task PrepareFilesAsync()
    {
        Directory.CreateDirectory(SecretDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Secret, Marker + "\n");
        File.SetUnixFileMode(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(MemberDir);
        (await Run.ProgramAsync(["chown", $"{Member.Name}:{Member.PrimaryGid.ToString(CultureInfo.InvariantCulture)}", MemberDir])).EnsureSuccess("chown");
    }

    /// <summary>Runs a program as the member, with its groups from the database.</summary>
    public Task<Run.Result> AsMemberAsync(IReadOnlyList<string> argv, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null) =>
        AsAccountAsync(Member, argv, stdin, environment);

    /// <summary>Runs a program as one of the temporary accounts, with its groups from the database.</summary>
    public Task<Run.Result> AsAccountAsync(TemporaryAccounts.Account account, IReadOnlyList<string> argv, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Run.ProgramAsync(
            ["setpriv", "--reuid", account.Name, "--regid", account.PrimaryGid.ToString(CultureInfo.InvariantCulture), "--init-groups", "--", .. argv],
            environment,
            stdin,
            TimeSpan.FromMinutes(2));

    /// <summary>The tunmux CLI as the member, pointed at the daemon's socket.</summary>
    public Task<Run.Result> TunmuxAsMemberAsync(params string[] args) =>
        AsMemberAsync([TunmuxBinary.Path, .. args], environment: new Dictionary<string, string>
        {
            ["TUNMUX_SOCKET"] = Socket,
            ["HOME"] = MemberDir,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });

    /// <summary>Writes a file into the member's folder, owned by the member.</summary>
    public async Task<string> WriteAsMemberAsync(string name, string text)
    {
        var path = Path.Combine(MemberDir, name);
        await File.WriteAllTextAsync(path, text);
        (await Run.ProgramAsync(["chown", $"{Member.Name}:{Member.PrimaryGid.ToString(CultureInfo.InvariantCulture)}", path])).EnsureSuccess("chown");
        return path;
    }

    /// <summary>One request line through the socket, as the member (or root, or another account), and the one response line.</summary>
    public async Task<JsonObject> SendAsync(JsonObject request, bool asRoot = false, TemporaryAccounts.Account? account = null)
    {
        var line = request.ToJsonString() + "\n";
        string[] socat = ["socat", "-t", "60", "-T", "120", "-", $"UNIX-CONNECT:{Socket}"];
        var result = asRoot ? await Run.ProgramAsync(socat, stdin: line, timeout: TimeSpan.FromMinutes(2)) : await AsAccountAsync(account ?? Member, socat, line);
        result.EnsureSuccess("socat");
        var reply = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Subject;
        return JsonNode.Parse(reply)!.AsObject();
    }

    /// <summary>
    /// Writes one line that never ends (as if a client streamed /dev/zero) until the daemon gives up
    /// on it, and returns what the daemon answered. Sent from this process (root): the line limit
    /// is the same for every peer.
    /// </summary>
    public async Task<string> SendEndlessLineAsync()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(Socket));
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'[');
        try
        {
            for (var sent = 0L; sent < 64L * 1024 * 1024; sent += chunk.Length)
            {
                await socket.SendAsync(chunk);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The daemon closed the connection after answering: that is the point.
        }

        var answer = new byte[4096];
        var read = 0;
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(answer.AsMemory(read))) > 0 && read < answer.Length)
            {
                read += n;
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A reset after the answer arrived.
        }

        return System.Text.Encoding.UTF8.GetString(answer, 0, read);
    }

    public static JsonObject Request(string kind, JsonObject? body = null) =>
        new() { ["version"] = 2, ["kind"] = kind, ["body"] = body };

    /// <summary>The daemon's resident memory, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadAllLines($"/proc/{Daemon.Pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Root's next request is answered: the daemon still serves.</summary>
    public async Task ShouldStillServeRootAsync()
    {
        var status = await Sandbox.TunmuxAsync("status");
        status.ExitCode.Should().Be(0, status.All);
        (await SendAsync(Request("ping"), asRoot: true))["ok"]!.GetValue<bool>().Should().BeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        await Accounts.DisposeAsync();
        if (Directory.Exists(SecretDir))
        {
            Directory.Delete(SecretDir, recursive: true);
        }

        if (Directory.Exists(MemberDir))
        {
            Directory.Delete(MemberDir, recursive: true);
        }

        await Sandbox.DisposeAsync();
    }
}
