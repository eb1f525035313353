using System.Runtime.CompilerServices;
using Tunmux.Core.PortForwarding;
using Tunmux.Testing;

namespace Tunmux.Cli.Tests;

/// <summary>
/// What a person sees from `tunmux status`, compared with a golden file, at a fixed time: one
/// exit healthy and forwarding a port, one whose server stopped answering. UPDATE_GOLDEN=1
/// rewrites the file.
/// </summary>
public sealed class StatusSnapshotTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly ManualClock _hostClock = new(CliHarness.Now - TimeSpan.FromMinutes(5));

    public StatusSnapshotTests() => _cli.Host.Clock = _hostClock;

    public void Dispose() => _cli.Dispose();

    private static string GoldenFile([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden", "status.txt");

    [Fact]
    public async Task The_status_table_matches_its_golden_text()
    {
        _cli.Host.DeadEndpoints.Add("198.18.2.2:51820");
        (await _cli.RunAsync("apply", "-f", _cli.Write("lab.yaml", Manifests.TwoExitsFirstForwarding))).Should().Be(0, _cli.Stderr);
        _hostClock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(10));
        _cli.Host.PortStates["lab-1"] = new ForwardedPortState { Tunnel = "lab-1", Port = 41000, ExpiresAt = CliHarness.Now.AddSeconds(50) };

        (await _cli.RunAsync("status")).Should().Be(0, _cli.Stderr);

        var actual = string.Join('\n', _cli.Stdout.Split('\n').Select(l => l.TrimEnd())).TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(GoldenFile(), actual);
        }

        actual.Should().Be(await File.ReadAllTextAsync(GoldenFile()));
    }
}
