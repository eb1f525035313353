using Tunmux.Linux.Tests.Fakes;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

public sealed class UapiClientTests : IDisposable
{
    private const string Answer =
        "private_key=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a\nlisten_port=35162\n" +
        "public_key=de5d8a330de0b6072d87c94a747a39a27ee5b017438257a1deb710fe085aeb29\nendpoint=198.51.100.1:51820\n" +
        "last_handshake_time_sec=1767268800\nrx_bytes=9232\ntx_bytes=10548\npersistent_keepalive_interval=25\nallowed_ip=0.0.0.0/0\nerrno=0\n\n";

    private readonly TestHost _host = new();

    private string SocketPath => _host.Paths.WireGuardSocket("wg-alpha");

    public void Dispose() => _host.Dispose();

    private Task<WgDump?> GetAsync(TimeSpan? timeout = null) =>
        UapiClient.GetAsync(SocketPath, timeout ?? TimeSpan.FromSeconds(10), CancellationToken.None);

    [Fact]
    public async Task It_asks_with_get_1_and_reads_the_answer_up_to_its_blank_line()
    {
        using var server = new FakeUapiServer(SocketPath, Answer);

        var dump = await GetAsync();

        server.Requests.Should().Equal("get=1\n\n");
        dump!.PublicKey.Should().Be("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=");
        dump.ListenPort.Should().Be(35162);
        dump.Peers.Should().ContainSingle().Which.Endpoint.Should().Be("198.51.100.1:51820");
        dump.RxBytes.Should().Be(9232);
    }

    [Fact]
    public async Task No_socket_file_means_no_state()
    {
        (await GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_means_no_state()
    {
        using var bound = FakeUapiSocket.BindOnly(SocketPath);

        File.Exists(SocketPath).Should().BeTrue();
        (await GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_process_that_hangs_up_before_the_answer_ends_gives_no_state()
    {
        using var server = new FakeUapiServer(SocketPath, answer: null);

        (await GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_process_that_never_answers_gives_no_state_once_the_timeout_passes()
    {
        using var server = new FakeUapiServer(SocketPath, answer: "");

        (await GetAsync(TimeSpan.FromMilliseconds(300))).Should().BeNull();
    }
}
