using System.Net;
using Tunmux.Linux.Direct;

namespace Tunmux.Linux.Tests.Direct;

/// <summary>Endpoint names resolved once and pinned, so a restarted daemon never asks DNS through the block (issue #10).</summary>
public sealed class EndpointPinsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-pins-").FullName;
    private readonly List<string> _lookups = [];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private EndpointPins Pins(params string[] answer) => new(_folder, (name, _) =>
    {
        _lookups.Add(name);
        return Task.FromResult(answer.Select(IPAddress.Parse).ToArray());
    });

    [Fact]
    public async Task A_name_is_resolved_once_and_a_restarted_daemon_uses_the_pin_without_asking_again()
    {
        (await Pins("2001:db8::7", "203.0.113.7").PinAsync("vpn.example:51820", CancellationToken.None))
            .Should().Be(IPEndPoint.Parse("203.0.113.7:51820"), "IPv4 first");

        // A new instance is a restarted daemon; the name now resolves elsewhere (or not at all, behind the block).
        var afterRestart = await Pins("198.51.100.9").PinAsync("vpn.example:51820", CancellationToken.None);

        afterRestart.Should().Be(IPEndPoint.Parse("203.0.113.7:51820"));
        _lookups.Should().Equal(["vpn.example"], "the name was looked up exactly once");
        File.GetUnixFileMode(Path.Combine(_folder, "endpoints.json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Literals_are_never_looked_up_and_malformed_endpoints_give_nothing()
    {
        var pins = Pins("203.0.113.7");

        (await pins.PinAsync("198.18.1.2:51820", CancellationToken.None)).Should().Be(IPEndPoint.Parse("198.18.1.2:51820"));
        (await pins.PinAsync("[2001:db8::1]:51820", CancellationToken.None)).Should().Be(IPEndPoint.Parse("[2001:db8::1]:51820"));
        (await pins.PinAsync("vpn.example", CancellationToken.None)).Should().BeNull();
        (await pins.PinAsync("vpn.example:0", CancellationToken.None)).Should().BeNull();
        (await Pins().PinAsync("nowhere.example:51820", CancellationToken.None)).Should().BeNull("no address, no pin");
        _lookups.Should().Equal(["nowhere.example"]);
        File.Exists(Path.Combine(_folder, "endpoints.json")).Should().BeFalse();
    }

    [Fact]
    public async Task Pins_of_endpoints_no_longer_declared_are_dropped_and_resolved_afresh_when_declared_again()
    {
        var pins = Pins("203.0.113.7");
        await pins.PinAsync("a.example:51820", CancellationToken.None);
        await pins.PinAsync("b.example:51820", CancellationToken.None);

        pins.Keep(["b.example:51820"]);
        await pins.PinAsync("a.example:51820", CancellationToken.None);
        await pins.PinAsync("b.example:51820", CancellationToken.None);

        _lookups.Should().Equal(["a.example", "b.example", "a.example"]);
    }
}
