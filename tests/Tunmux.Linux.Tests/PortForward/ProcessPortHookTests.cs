using Tunmux.Core.PortForwarding;
using Tunmux.Linux.PortForward;

namespace Tunmux.Linux.Tests.PortForward;

/// <summary>Issue #5: the hook runs without a shell, learns the port from its environment, and its failures are reported, not thrown.</summary>
public sealed class ProcessPortHookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-hook-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task The_hook_gets_its_arguments_verbatim_and_the_port_in_its_environment()
    {
        var output = Path.Combine(_folder, "seen");
        var hook = new ProcessPortHook(
            [Script("hook", $"printf '%s|%s|%s|%s|%s\\n' \"$TUNMUX_TUNNEL\" \"$TUNMUX_PORT\" \"$TUNMUX_PREVIOUS_PORT\" \"$1\" \"$2\" >> {output}"), "a b", "$HOME;x"],
            TimeSpan.FromSeconds(30));

        (await hook.RunAsync(new PortChange("lab-1", 41000, null), CancellationToken.None)).Should().BeNull();
        (await hook.RunAsync(new PortChange("lab-1", 52000, 41000), CancellationToken.None)).Should().BeNull();

        File.ReadAllLines(output).Should().Equal("lab-1|41000||a b|$HOME;x", "lab-1|52000|41000|a b|$HOME;x");
    }

    [Fact]
    public async Task A_failing_hook_is_reported_by_its_program_and_exit_code_only()
    {
        var script = Script("fails", "exit 3");
        var hook = new ProcessPortHook([script, "--password", "hunter2"], TimeSpan.FromSeconds(30));

        var error = await hook.RunAsync(new PortChange("lab-1", 41000, null), CancellationToken.None);

        error.Should().Be($"{script} exited with code 3");
    }

    [Fact]
    public async Task A_missing_program_is_reported()
    {
        var missing = Path.Combine(_folder, "not-there");

        var error = await new ProcessPortHook([missing], TimeSpan.FromSeconds(30)).RunAsync(new PortChange("lab-1", 41000, null), CancellationToken.None);

        error.Should().StartWith($"{missing} could not be started");
    }

    [Fact]
    public async Task A_hook_that_hangs_is_killed_after_its_time()
    {
        var marker = Path.Combine(_folder, "pid");
        var script = Script("hangs", $"echo $$ > {marker}; exec sleep 600");

        var error = await new ProcessPortHook([script], TimeSpan.FromMilliseconds(500)).RunAsync(new PortChange("lab-1", 41000, null), CancellationToken.None);

        error.Should().Be($"{script} did not finish within 0.5 s and was killed");
        var pid = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Tunmux.Linux.Processes.ProcStat.StartTime(pid).Should().BeNull("the hook's process is gone");
    }
}
