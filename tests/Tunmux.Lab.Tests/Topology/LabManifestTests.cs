using Tunmux.Lab;

namespace Tunmux.Lab.Tests.Topology;

public sealed class LabManifestTests
{
    private static string RepositoryFile(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "tunmux.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    [Fact]
    public void The_example_in_the_repository_is_exactly_what_lab_up_writes_for_two_exits()
    {
        var rendered = LabManifest.Render(TestOptions.Default(exits: 2));

        rendered.Should().Be(File.ReadAllText(RepositoryFile("examples/lab.yaml")));
    }

    [Fact]
    public void Each_exit_gets_a_tunnel_reading_its_config_and_a_proxy_on_its_own_ports()
    {
        var options = TestOptions.Default(exits: 3) with { Directory = "/srv/lab" };

        var documents = LabManifest.Render(options).Split("---\n")[1..];

        documents.Should().HaveCount(6);
        documents[4].Should().Contain("kind: Tunnel").And.Contain("name: lab-3").And.Contain("configFile: /srv/lab/exit-3.conf");
        documents[5].Should().Contain("kind: Proxy").And.Contain("tunnelRef: lab-3")
            .And.Contain("listen: 127.0.0.1:1082").And.Contain("listen: 127.0.0.1:8120");
    }

    [Fact]
    public void A_directory_with_unusual_characters_is_written_as_a_quoted_scalar()
    {
        var options = TestOptions.Default(exits: 1) with { Directory = "/tmp/my lab: \"x\"" };

        LabManifest.Render(options).Should().Contain("    configFile: \"/tmp/my lab: \\\"x\\\"/exit-1.conf\"\n");
    }
}
