using Tunmux.Proxy.Relay;

namespace Tunmux.Proxy.Tests.Relay;

public sealed class SplicePipeSizeTests
{
    [Fact]
    public void A_relay_pipe_is_a_megabyte_when_the_kernel_allows_and_reports_its_real_size_otherwise()
    {
        const int wanted = 1024 * 1024;
        using var pipe = SplicePipe.Create(wanted);

        var actual = LibC.fcntl(pipe.WriteFd, LibC.F_GETPIPE_SZ, 0);
        pipe.Capacity.Should().Be(actual, "a splice into the pipe is sized by what it really holds");
        var limit = int.Parse(File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (limit >= wanted || Environment.UserName == "root")
        {
            actual.Should().Be(wanted);
        }
    }

    [Fact]
    public void Without_a_wish_a_pipe_keeps_the_kernel_default()
    {
        using var pipe = SplicePipe.Create();

        pipe.Capacity.Should().Be(64 * 1024);
    }
}
