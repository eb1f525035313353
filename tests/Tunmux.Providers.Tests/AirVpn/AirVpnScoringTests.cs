using Tunmux.Providers.AirVpn;
using Tunmux.Providers.Tests.Support;

namespace Tunmux.Providers.Tests.AirVpn;

// Vector file: tunmux/airvpn_server_scoring.txt (formulas; the expected numbers below are worked by hand from them).
public sealed class AirVpnScoringTests
{
    private static AirVpnServer Server(long bw, long bwMax, long users, long usersMax, long scoreBase, string name = "S") => new()
    {
        Name = name,
        Bandwidth = bw,
        BandwidthMax = bwMax,
        Users = users,
        UsersMax = usersMax,
        ScoreBase = scoreBase,
    };

    [Fact]
    public void The_vector_file_states_the_formulas_implemented_here()
    {
        var text = VectorFile.Read("tunmux/airvpn_server_scoring.txt");

        text.Should().Contain("((bw*2*8)/1_000_000) * 100 / bw_max")
            .And.Contain("users*100/users_max")
            .And.Contain("None -> 99995")
            .And.Contain("ms + load_perc + users_perc + max(scorebase,0)");
    }

    [Theory]
    [InlineData(6_250_000, 1000, 10)] // 6.25 MB/s = 100 Mbit/s of 1000
    [InlineData(62_500, 1000, 0)]     // 1 Mbit/s: integer division drops to 0 before the percentage
    [InlineData(50_000_000, 1000, 80)]
    [InlineData(123, 0, 100)]         // unknown capacity
    [InlineData(123, -5, 100)]
    public void Load_percent_uses_integer_arithmetic(long bw, long bwMax, long expected)
    {
        AirVpnScoring.LoadPercent(Server(bw, bwMax, 0, 1, 0)).Should().Be(expected);
    }

    [Theory]
    [InlineData(15, 200, 7)]
    [InlineData(50, 200, 25)]
    [InlineData(1, 0, 100)]
    public void Users_percent_uses_integer_arithmetic(long users, long usersMax, long expected)
    {
        AirVpnScoring.UsersPercent(Server(0, 1, users, usersMax, 0)).Should().Be(expected);
    }

    [Fact]
    public void The_score_adds_ping_load_users_and_a_non_negative_scorebase()
    {
        var server = Server(6_250_000, 1000, 50, 200, 42);

        AirVpnScoring.Score(server, 30).Should().Be(30 + 10 + 25 + 42);
        AirVpnScoring.Score(server with { ScoreBase = -9 }, 30).Should().Be(30 + 10 + 25);
        AirVpnScoring.Score(server, null).Should().Be(99995);
    }

    [Fact]
    public void The_manifest_fixture_servers_score_as_worked_out()
    {
        // Vector file: tunmux/airvpn_manifest_response.xml. Castor: 0 + 7 + 42; Vega: 0 + 25 + 7.
        var servers = AirVpnXml.ParseManifest(VectorFile.Read("tunmux/airvpn_manifest_response.xml")).Servers;

        AirVpnScoring.Score(servers.Single(s => s.Name == "Castor"), 10).Should().Be(10 + 49);
        AirVpnScoring.Score(servers.Single(s => s.Name == "Vega"), 20).Should().Be(20 + 32);
    }

    [Fact]
    public void Ranking_by_score_and_by_latency_order_differently()
    {
        var fast = Server(0, 1, 90, 100, 0, "Fast");    // 5 ms: 5 + 0 + 90 = 95
        var calm = Server(0, 1, 10, 100, 0, "Calm");    // 40 ms: 40 + 0 + 10 = 50
        var silent = Server(0, 1, 0, 100, 0, "Silent"); // no ping: 99995
        var latency = new Dictionary<string, long> { ["Fast"] = 5, ["Calm"] = 40 };

        AirVpnScoring.Rank([fast, calm, silent], latency).Select(s => s.Name).Should().Equal("Calm", "Fast", "Silent");
        AirVpnScoring.Rank([silent, calm, fast], latency, byLatency: true).Select(s => s.Name).Should().Equal("Fast", "Calm", "Silent");
    }

    [Fact]
    public void Equal_scores_are_ordered_by_name()
    {
        var latency = new Dictionary<string, long> { ["B"] = 10, ["A"] = 10 };

        AirVpnScoring.Rank([Server(0, 1, 0, 1, 0, "B"), Server(0, 1, 0, 1, 0, "A")], latency).Select(s => s.Name).Should().Equal("A", "B");
    }
}
