using System.CommandLine;
using Tunmux.Cli.Daemon;
using Tunmux.Core.Lifecycle;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Tests;

/// <summary>The daemon's health flags: flags win over the config file, which wins over the defaults.</summary>
public sealed class HealthOptionsTests
{
    private static (LifecyclePolicy Policy, List<string> Problems) Read(DaemonSettings file, params string[] args)
    {
        var health = new HealthOptions();
        var command = new Command("daemon");
        health.AddTo(command);
        var problems = new List<string>();
        return (health.Read(command.Parse(args), file, problems), problems);
    }

    [Fact]
    public void Without_flags_or_file_the_policy_is_the_default()
    {
        var (policy, problems) = Read(new DaemonSettings());

        policy.Should().Be(LifecyclePolicy.Default);
        problems.Should().BeEmpty();
    }

    [Fact]
    public void Flags_win_over_the_config_file()
    {
        var file = new DaemonSettings { HandshakeMaxAge = "4m", HandshakeGrace = "20s", ReconnectsBeforeFailover = 5 };

        var (policy, problems) = Read(file, "--handshake-max-age", "5s", "--reconnects-before-failover", "1", "--stable-after", "3s");

        problems.Should().BeEmpty();
        policy.HandshakeMaxAge.Should().Be(TimeSpan.FromSeconds(5));
        policy.HandshakeGrace.Should().Be(TimeSpan.FromSeconds(20), "the file's value stands where no flag is given");
        policy.ReconnectsBeforeFailover.Should().Be(1);
        policy.StableAfter.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_value_that_is_not_a_duration_is_a_problem_not_a_silent_default()
    {
        var (_, problems) = Read(new DaemonSettings(), "--handshake-grace", "soon", "--reconnects-before-failover", "-1");

        problems.Should().HaveCount(2).And.Contain(p => p.Contains("--handshake-grace soon", StringComparison.Ordinal));
    }
}
