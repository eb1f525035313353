using Tunmux.Lab;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabNamesTests
{
    [Fact]
    public void Names_come_from_the_prefixes()
    {
        var options = TestOptions.Default();

        LabNames.NetNamespace(options).Should().Be("tmuxlab_net");
        LabNames.ExitNamespace(options, 2).Should().Be("tmuxlab_exit2");
        LabNames.HostLink(options).Should().Be("tmxlhost");
        LabNames.ServerInterface(options, 2).Should().Be("tmxls2");
        LabNames.WireGuardSocket("tmxls2").Should().Be("/var/run/wireguard/tmxls2.sock");
        LabNames.ConfigFile(options, 2).Should().Be("/var/lib/tunmux/lab/exit-2.conf");
        LabNames.TunnelName(2).Should().Be("lab-2");
    }

    [Theory]
    [InlineData("tmuxlab_net", true)]
    [InlineData("tmuxlab_exit1", true)]
    [InlineData("tmuxlab_exit254", true)]
    [InlineData("tmuxlab_exit", false)]
    [InlineData("tmuxlab_exit1x", false)]
    [InlineData("tmuxlab_netx", false)]
    [InlineData("tunmux_lab-1", false)]
    [InlineData("other_net", false)]
    public void Only_names_this_lab_makes_count_as_lab_namespaces(string name, bool isLab)
    {
        LabNames.IsLabNamespace(TestOptions.Default(), name).Should().Be(isLab);
    }
}
