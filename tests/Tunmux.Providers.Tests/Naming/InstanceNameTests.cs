using Tunmux.Providers.Naming;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.Naming;

public sealed class InstanceNameTests
{
    // Vector file: tunmux/proxy_instance_naming.txt
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (input, output) in VectorFile.Arrows("tunmux/proxy_instance_naming.txt"))
        {
            data.Add(input, output);
        }

        return data;
    }

    [Fact]
    public void The_naming_vector_file_holds_seven_cases()
    {
        VectorFile.Arrows("tunmux/proxy_instance_naming.txt").Should().HaveCount(7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Server_names_become_the_same_instance_names_as_in_tunmux(string serverName, string expected)
    {
        InstanceName.FromServerName(serverName).Should().Be(expected);
    }

    [Fact]
    public void Cutting_at_twelve_characters_never_leaves_a_trailing_dash()
    {
        InstanceName.FromServerName("ABCDEFGHIJK#1").Should().Be("abcdefghijk");
    }
}
