using System.Globalization;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.EndToEnd.Tests.Providers;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.EndToEnd.Tests.Desktop;

/// <summary>
/// Issue #13, end to end as a desktop user: a real non-root user (made by the test) whose sudoers
/// drop-in allows only the README's helper command lines runs `tunmux proton connect --proxy`
/// against the Proton test server and the lab. The CLI starts the root helper through `sudo -n`,
/// resolves the Proton server and keys itself and sends them as content, and the exit passes
/// traffic. Each autostop mode stops the helper when it should; the stdio transport does the same
/// with no socket; a user sudo has no rule for gets the clear error and nothing changes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OnDemandHelperTests
{
    private const string Password = "correct horse battery staple";
    private const string Nowhere = "198.51.100.7";
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] Connect = ["proton", "connect", "--proxy", "--country", "CH", "--socks-port", "1080"];

    [RootFact]
    public async Task Never_mode_the_helper_started_through_sudo_brings_the_exit_up_and_keeps_running_until_stopped()
    {
        await using var setup = await Setup.StartAsync("privileged_autostop_mode = \"never\"");

        var connect = (await setup.UserAsync(Connect)).EnsureSuccess("proton connect as the user");

        connect.Stdout.Should().Contain("Connected ch-9");
        (await setup.Lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        var helpers = await setup.User.HelperPidsAsync();
        helpers.Should().ContainSingle("one helper was started, and never mode keeps it after the command");
        (await setup.UserAsync("status")).EnsureSuccess("status through the helper").Stdout.Should().MatchRegex(@"(?m)^ch-9\s");
        HelperStateNamesNoUserPath(setup);
        await HelperLogsToItsFileAsync(setup, helpers[0]);

        (await setup.UserAsync("proton", "disconnect")).EnsureSuccess("proton disconnect as the user");
        (await setup.Lab.WhoamiOnceAsync(maxSeconds: 3)).Should().BeNull("the exit is gone");
        (await setup.User.HelperPidsAsync()).Should().Equal(helpers, "never mode: the helper outlives every command");
        (await Run.ProgramAsync(["kill", "-TERM", helpers[0].ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("stop the helper");
        await Eventually.ThatAsync(async () => (await setup.User.HelperPidsAsync()).Count == 0, TimeSpan.FromSeconds(60), "the helper to stop on SIGTERM");
    }

    [RootFact]
    public async Task Command_mode_the_helper_stops_when_the_command_ends_and_the_exit_stays_up()
    {
        await using var setup = await Setup.StartAsync("privileged_autostop_mode = \"command\"");

        (await setup.UserAsync(Connect)).EnsureSuccess("proton connect as the user");

        await Eventually.ThatAsync(async () => (await setup.User.HelperPidsAsync()).Count == 0, TimeSpan.FromSeconds(60), "the helper to stop with the command's lease");
        (await setup.Lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp, "exits stay up when the helper stops");
    }

    [RootFact]
    public async Task Timeout_mode_the_helper_stays_while_recently_used_and_stops_after_the_idle_time()
    {
        await using var setup = await Setup.StartAsync(
            $"privileged_autostop_mode = \"timeout\"\nprivileged_autostop_timeout_ms = {(long)IdleTimeout.TotalMilliseconds}");

        (await setup.UserAsync(Connect)).EnsureSuccess("proton connect as the user");

        (await setup.User.HelperPidsAsync()).Should().ContainSingle("the command's last request was just now, well within the idle time");
        (await setup.Lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        await Eventually.ThatAsync(async () => (await setup.User.HelperPidsAsync()).Count == 0, TimeSpan.FromSeconds(120), "the helper to stop after its idle time");
        (await setup.Lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp, "exits stay up when the helper stops");
    }

    [RootFact]
    public async Task Stdio_transport_one_helper_serves_the_command_on_pipes_and_no_socket_is_made()
    {
        await using var setup = await Setup.StartAsync("privileged_transport = \"stdio\"");
        var socket = setup.Lab.Lab.Sandbox.Environment["TUNMUX_SOCKET"];

        var connect = (await setup.UserAsync(Connect)).EnsureSuccess("proton connect as the user, over stdio");

        connect.Stdout.Should().Contain("Connected ch-9");
        File.Exists(socket).Should().BeFalse("the stdio helper listens on no socket");
        (await setup.User.HelperPidsAsync()).Should().BeEmpty("the stdio helper ends with its command");
        (await setup.Lab.WhoamiThroughTheProxyAsync()).Should().Be(ProviderLab.EntryIp);
        HelperStateNamesNoUserPath(setup);

        (await setup.UserAsync("proton", "disconnect")).EnsureSuccess("proton disconnect as the user, over stdio");
        (await setup.Lab.WhoamiOnceAsync(maxSeconds: 3)).Should().BeNull("the exit is gone");
        File.Exists(socket).Should().BeFalse();
    }

    [RootFact]
    public async Task A_user_without_the_sudoers_rule_gets_the_clear_error_and_nothing_changes()
    {
        await using var sandbox = await Sandbox.CreateAsync();
        await using var user = await DesktopUser.CreateAsync(sandbox, sudoersLines: []);
        await user.WriteConfigAsync("[general]\nprivileged_autostop_mode = \"command\"\n");
        var before = Listing(sandbox.StateDir, user.Home);

        var connect = await user.TunmuxAsync(new Dictionary<string, string>(), null, Connect);

        connect.ExitCode.Should().NotBe(0);
        connect.Stderr.Should().Contain("sudo password required but no TTY available");
        (await user.HelperPidsAsync()).Should().BeEmpty();
        (await sandbox.OwnNamespacesAsync()).Should().BeEmpty("no namespace was made");
        File.Exists(sandbox.Environment["TUNMUX_SOCKET"]).Should().BeFalse();
        Listing(sandbox.StateDir, user.Home).Should().Equal(before, "no state was written (the user's own folder holds only the user's start lock)");
    }

    /// <summary>The helper's state names no path of the user's: the keys came as content, not as the user's files.</summary>
    private static void HelperStateNamesNoUserPath(Setup setup)
    {
        var state = setup.Lab.Lab.Sandbox.StateDir;
        var files = Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(setup.User.Home, StringComparison.Ordinal) && !f.Contains("/sudoers.d-", StringComparison.Ordinal) && new FileInfo(f).Length < 1_000_000)
            .Where(f => !f.EndsWith(".sock", StringComparison.Ordinal) && !f.EndsWith(".log", StringComparison.Ordinal));
        files.Where(f => SafeRead(f).Contains(setup.User.Home, StringComparison.Ordinal)).Should().BeEmpty();
        Directory.EnumerateFiles(Path.Combine(state, "forwarded")).Should().NotBeEmpty("the helper keeps its own copy of the keys it was sent");
    }

    /// <summary>
    /// A helper that `sudo -b` started has no terminal and outlives the command whose pipes it
    /// inherited: its output and error go to helper.log in the state folder, readable by root only.
    /// </summary>
    private static async Task HelperLogsToItsFileAsync(Setup setup, int helper)
    {
        var log = Path.Combine(setup.Lab.Lab.Sandbox.StateDir, "helper.log");
        new FileInfo($"/proc/{helper}/fd/1").LinkTarget.Should().Be(log, "standard output leads to the helper's log");
        new FileInfo($"/proc/{helper}/fd/2").LinkTarget.Should().Be(log, "standard error leads to the helper's log");
        new FileInfo($"/proc/{helper}/fd/0").LinkTarget.Should().Be("/dev/null");
        File.GetUnixFileMode(log).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // The helper's logger writes from a queue of its own: its line is waited for, not read once.
        await Eventually.ThatAsync(() => Task.FromResult(SafeRead(log).Contains("Control socket listening on", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the helper's own log lines to be in its log");
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Everything under <paramref name="folder"/> but the user's own folder.</summary>
    private static List<string> Listing(string folder, string userHome) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Where(p => p != userHome && !p.StartsWith(userHome + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The lab dressed as Proton, the test server behind a relay, and a user logged in to it with the README's sudoers lines.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private Setup(ProviderLab lab, ProtonTestServer proton, DesktopUser user)
        {
            Lab = lab;
            Proton = proton;
            User = user;
        }

        public ProviderLab Lab { get; }

        public ProtonTestServer Proton { get; }

        public DesktopUser User { get; }

        public static async Task<Setup> StartAsync(string generalSettings)
        {
            var lab = await ProviderLab.StartAsync();
            ProtonTestServer? proton = null;
            DesktopUser? user = null;
            try
            {
                proton = ProtonTestServer.Start(new ManualClock(DateTimeOffset.UtcNow), new ProtonTestAccount("alice", Password));
                proton.Logicals =
                [
                    TestLogicals.Server("US#1", "US", 1, score: 0.1, entryIp: Nowhere),
                    TestLogicals.Server("CH#9", "CH", 9, score: 1.0, entryIp: ProviderLab.EntryIp, publicKey: lab.ServerPublicKey),
                ];
                lab.Serve(proton.BaseUrl, "TUNMUX_PROTON_API_URL");
                user = await DesktopUser.CreateAsync(lab.Lab.Sandbox, linesFor: u => u.DocumentedSudoersLines(IdleTimeout));
                await user.WriteConfigAsync($"[general]\n{generalSettings}\n");
                var setup = new Setup(lab, proton, user);
                (await setup.UserAsync(Password + "\n", ["proton", "login", "alice", "--password-stdin"])).EnsureSuccess("proton login as the user");
                await lab.AcceptPeerAsync(proton.CertifiedWireGuardKeys.Single(), "10.2.0.2/32");
                return setup;
            }
            catch
            {
                if (user is not null)
                {
                    await user.DisposeAsync();
                }

                if (proton is not null)
                {
                    await proton.DisposeAsync();
                }

                await lab.DisposeAsync();
                throw;
            }
        }

        public Task<Run.Result> UserAsync(params string[] args) => UserAsync(null, args);

        public Task<Run.Result> UserAsync(string? stdin, string[] args) => User.TunmuxAsync(Lab.Environment, stdin, args);

        public async ValueTask DisposeAsync()
        {
            // The lab's sandbox kills what is left in its namespaces by PID (a helper, and the sudo
            // process above it, which runs with the user's real uid), so the user can be deleted after.
            await Proton.DisposeAsync();
            await Lab.DisposeAsync();
            await User.DisposeAsync();
        }
    }
}
