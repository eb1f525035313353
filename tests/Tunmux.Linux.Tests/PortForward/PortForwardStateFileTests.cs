using Tunmux.Core.PortForwarding;
using Tunmux.Linux.PortForward;

namespace Tunmux.Linux.Tests.PortForward;

public sealed class PortForwardStateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-pf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void What_is_written_is_read_back_whole_and_no_temporary_file_stays()
    {
        var path = Path.Combine(_folder, "lab-1.json");
        var state = new ForwardedPortState
        {
            Tunnel = "lab-1",
            Port = 41000,
            PreviousPort = 39000,
            ExpiresAt = new DateTimeOffset(2026, 1, 1, 12, 1, 0, TimeSpan.Zero),
            RenewedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
            NextAttemptAt = new DateTimeOffset(2026, 1, 1, 12, 0, 45, TimeSpan.Zero),
            Failures = 2,
            LastError = "no answer",
            HookedPort = 39000,
            HookError = "exited with code 1",
            UpdatedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
        };

        PortForwardStateFile.Write(path, state);
        PortForwardStateFile.Write(path, state with { Port = 41001 });

        PortForwardStateFile.Read(path).Should().Be(state with { Port = 41001 });
        Directory.GetFiles(_folder).Should().Equal(path);
        File.ReadAllText(path).Should().Contain("\"port\": 41001");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"port\": 1")]
    [InlineData("{\"port\": 1}")]
    public void A_missing_torn_or_incomplete_report_reads_as_none(string? content)
    {
        var path = Path.Combine(_folder, "lab-1.json");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        PortForwardStateFile.Read(path).Should().BeNull();
    }
}
