namespace Tunmux.Cli.Tests;

public sealed class ApplyCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_prints_each_change_and_a_summary()
    {
        var code = await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits));
        code.Should().Be(0, _cli.Stderr);
        _cli.Stdout.Should().Contain("tunnel/lab-1 created").And.Contain("proxy/lab-2 created")
            .And.Contain("Applied: 4 added, 0 changed, 0 destroyed.");
    }

    [Fact]
    public async Task A_second_apply_says_there_is_nothing_to_do()
    {
        var file = _cli.Write("lab.yaml", Manifests.TwoExits);
        await _cli.RunAsync("apply", "-f", file);
        var calls = _cli.Host.MutatingCalls;
        (await _cli.RunAsync("apply", "-f", file)).Should().Be(0);
        _cli.Stdout.Should().Contain("No changes.");
        _cli.Host.MutatingCalls.Should().Be(calls);
    }

    [Fact]
    public async Task Every_error_is_printed_with_its_position_and_the_host_is_not_touched()
    {
        var file = _cli.Write("bad.yaml", """
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {name: p}
            spec:
              tunnelRef: nowhere
              socks: {listen: "127.0.0.1:1080"}
              http: {listen: "127.0.0.1:1080"}
              colour: blue
            """);
        var code = await _cli.RunAsync("apply", "-f", file);
        code.Should().Be(2);
        _cli.Stderr.Should().Contain($"{file}:8:3").And.Contain("colour");
        _cli.Stderr.Should().Contain("nothing was changed");
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_with_a_position()
    {
        var file = _cli.Write("broken.yaml", "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: [unclosed\n");
        (await _cli.RunAsync("apply", "-f", file)).Should().Be(2);
        _cli.Stderr.Should().MatchRegex($@"{System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+");
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_file_is_an_error_not_an_empty_apply()
    {
        (await _cli.RunAsync("apply", "-f", Path.Combine(_cli.Root, "nope.yaml"))).Should().Be(2);
        _cli.Stderr.Should().Contain("no such file");
    }

    [Fact]
    public async Task Dry_run_shows_the_plan_and_changes_nothing()
    {
        (await _cli.RunAsync("apply", "--dry-run", "-f", _cli.Write("lab.yaml", Manifests.TwoExits))).Should().Be(0);
        _cli.Stdout.Should().Contain("+ tunnel/lab-1: create").And.Contain("Plan: 4 to add, 0 to change, 0 to destroy.");
        _cli.Host.MutatingCalls.Should().Be(0);
    }

    [Fact]
    public async Task Without_root_apply_explains_and_changes_nothing()
    {
        using var cli = new CliHarness(privileged: false);
        (await cli.RunAsync("apply", "-f", cli.Write("lab.yaml", Manifests.TwoExits))).Should().Be(4);
        cli.Stderr.Should().Contain("needs root");
        cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Diff_exits_1_with_changes_and_0_without()
    {
        var file = _cli.Write("lab.yaml", Manifests.TwoExits);
        (await _cli.RunAsync("diff", "-f", file)).Should().Be(1);
        _cli.Stdout.Should().Contain("Plan: 4 to add");
        await _cli.RunAsync("apply", "-f", file);
        (await _cli.RunAsync("diff", "-f", file)).Should().Be(0);
        (await _cli.RunAsync("diff", "-f", _cli.Write("bad.yaml", "kind: Nope\n"))).Should().BeGreaterThan(1);
    }
}
