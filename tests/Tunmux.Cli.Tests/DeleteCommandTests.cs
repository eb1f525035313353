namespace Tunmux.Cli.Tests;

public sealed class DeleteCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Delete_tunnel_by_name_removes_it_and_its_proxy_only()
    {
        await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits));
        (await _cli.RunAsync("delete", "tunnel", "lab-1")).Should().Be(0, _cli.Stderr);
        _cli.Stderr.Should().Contain("proxy/lab-1 is deleted with tunnel/lab-1");
        _cli.Host.Namespaces.Should().Equal("tunmux_lab-2");
    }

    [Fact]
    public async Task Delete_by_file_removes_what_the_file_names()
    {
        var file = _cli.Write("lab.yaml", Manifests.TwoExits);
        await _cli.RunAsync("apply", "-f", file);
        (await _cli.RunAsync("delete", "-f", file)).Should().Be(0, _cli.Stderr);
        _cli.Host.Namespaces.Should().BeEmpty();
        _cli.Host.LivePids.Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_needs_exactly_one_way_of_saying_what()
    {
        (await _cli.RunAsync("delete")).Should().Be(2);
        (await _cli.RunAsync("delete", "--all", "tunnel", "x")).Should().Be(2);
        _cli.Host.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_all_removes_everything()
    {
        await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExits));
        (await _cli.RunAsync("delete", "--all")).Should().Be(0);
        _cli.Stdout.Should().Contain("Applied: 0 added, 0 changed, 4 destroyed.");
        _cli.Host.Namespaces.Should().BeEmpty();
    }
}
