using Tunmux.Linux.Netlink;
using Tunmux.Linux.Netns;
using Tunmux.Linux.Observation;
using Tunmux.Linux.Tests.Fakes;

namespace Tunmux.Linux.Tests.Observation;

/// <summary>
/// A namespace that is gone reads as nothing (the planner rebuilds), but a namespace that is
/// there and could not be read must not: "no interface" would make the planner rebuild a
/// tunnel that serves. That was a suspected cause of repairs of exits already serving again.
/// </summary>
public sealed class NetlinkRoutingReaderTests : IDisposable
{
    private const string Namespace = "tunmux_a";
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void A_netlink_failure_in_a_namespace_that_is_still_there_is_an_error_not_an_empty_namespace()
    {
        File.WriteAllText(_host.Paths.NamespaceFile(Namespace), "");
        var reader = new NetlinkRoutingReader(_host.Paths, _ => throw new NetlinkException("netlink receive timed out", 11));

        var read = () => reader.Read(Namespace);

        read.Should().Throw<IOException>().WithMessage($"*{Namespace}*timed out*");
    }

    [Fact]
    public void Dumps_interrupted_again_and_again_are_an_error_too()
    {
        File.WriteAllText(_host.Paths.NamespaceFile(Namespace), "");
        var reader = new NetlinkRoutingReader(_host.Paths, _ => throw new NetlinkDumpInterruptedException());

        var read = () => reader.Read(Namespace);

        read.Should().Throw<IOException>().WithMessage($"*{Namespace}*");
    }

    [Fact]
    public void A_netlink_failure_because_the_namespace_went_away_reads_as_nothing()
    {
        var reader = new NetlinkRoutingReader(_host.Paths, _ => throw new NetlinkException("netlink send failed", 9));

        reader.Read(Namespace).Should().BeNull();
    }

    [Fact]
    public void A_namespace_that_cannot_be_entered_reads_as_nothing_so_that_it_is_rebuilt()
    {
        File.WriteAllText(_host.Paths.NamespaceFile(Namespace), "");
        var reader = new NetlinkRoutingReader(_host.Paths, _ => throw new NetworkNamespaceException("not a network namespace"));

        reader.Read(Namespace).Should().BeNull();
    }

    [Fact]
    public void What_was_read_is_handed_over()
    {
        File.WriteAllText(_host.Paths.NamespaceFile(Namespace), "");
        var routing = new NamespaceRouting([], []);
        string? asked = null;
        var reader = new NetlinkRoutingReader(_host.Paths, path => { asked = path; return routing; });

        reader.Read(Namespace).Should().BeSameAs(routing);
        asked.Should().Be(_host.Paths.NamespaceFile(Namespace));
    }
}
