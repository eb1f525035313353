using Tunmux.Lab.State;

namespace Tunmux.Lab.Tests.State;

public sealed class LabStateFileTests
{
    [Fact]
    public void A_saved_state_loads_back_whole_from_a_file_only_its_owner_can_read()
    {
        using var folder = new TemporaryDirectory();
        var path = LabStateFile.PathIn(folder.Path);
        var state = new LabState
        {
            NamespacePrefix = "tml1234_",
            InterfacePrefix = "w1234L",
            HostNamespace = "tmxsb1234",
            CreatedDirectory = true,
            Namespaces = ["tml1234_net", "tml1234_exit1"],
            HostLinks = ["w1234Lhost"],
            HostRoutes = [new LabRouteRecord("198.18.0.0/15", "198.19.0.2", "w1234Lhost")],
            Processes = [new LabProcessRecord("dnsmasq", "tml1234_net", 4242, 987654321)],
            Sockets = ["/var/run/wireguard/w1234Ls1.sock"],
            Files = [path],
        };

        LabStateFile.Save(path, state);
        var loaded = LabStateFile.Load(path)!;

        loaded.Should().BeEquivalentTo(state);
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(path).Should().Contain("\"hostNamespace\": \"tmxsb1234\"");
    }

    [Fact]
    public void No_file_means_no_state_and_a_broken_file_is_reported_by_path()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.File("state.json");

        LabStateFile.Load(path).Should().BeNull();
        File.WriteAllText(path, "{ not json");
        var act = () => LabStateFile.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*");
    }
}
