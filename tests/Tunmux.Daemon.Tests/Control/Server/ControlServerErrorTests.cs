using Tunmux.Testing.Control;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Tests.Control.Support;

namespace Tunmux.Daemon.Tests.Control.Server;

public sealed class ControlServerErrorTests : IDisposable
{
    private readonly TempSocketDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Malformed_json_gets_an_error_and_the_connection_stays_usable()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":2,\"kind\":\"ping\", hunter2\n");
        var error = await client.ReadResponseAsync();
        await client.SendAsync("{\"version\":2,\"kind\":\"ping\"}\n");
        var next = await client.ReadResponseAsync();

        error["ok"]!.GetValue<bool>().Should().BeFalse();
        error["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.MalformedRequest);
        error["error"]!.GetValue<string>().Should().StartWith("malformed request").And.NotContain("hunter2");
        next["ok"]!.GetValue<bool>().Should().BeTrue();
        _handler.Received.Should().ContainSingle("only the valid line reaches the handler");
    }

    [Theory]
    [InlineData("[1,2,3]", "expected a JSON object")]
    [InlineData("{\"kind\":\"ping\"}", "\"version\" must be an integer")]
    [InlineData("{\"version\":\"1\",\"kind\":\"ping\"}", "\"version\" must be an integer")]
    [InlineData("{\"version\":2}", "\"kind\" must be a non-empty string")]
    [InlineData("{\"version\":2,\"kind\":\"\"}", "\"kind\" must be a non-empty string")]
    [InlineData("{\"version\":2,\"kind\":\"ping\",\"body\":[1]}", "\"body\" must be an object")]
    public async Task Requests_of_the_wrong_shape_are_refused_with_what_is_wrong(string line, string expected)
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync(line + "\n");
        var response = await client.ReadResponseAsync();

        response["ok"]!.GetValue<bool>().Should().BeFalse();
        response["error"]!.GetValue<string>().Should().Contain(expected);
        _handler.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task Another_protocol_version_is_refused_naming_both_versions()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":1,\"kind\":\"ping\"}\n");
        var response = await client.ReadResponseAsync();

        response["ok"]!.GetValue<bool>().Should().BeFalse();
        response["error"]!.GetValue<string>().Should().Be("protocol version 1 not supported (daemon speaks 2)");
        response["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.UnsupportedVersion);
        _handler.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_line_over_the_limit_gets_an_error_and_the_connection_is_closed()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, configure: o => o with { MaxLineBytes = 1024 });
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync(new string('x', 4096) + "\n");
        var response = await client.ReadResponseAsync();
        var afterwards = await client.ReadLineOrClosedAsync();

        response["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.LineTooLong);
        response["error"]!.GetValue<string>().Should().Contain("longer than 1024 bytes");
        afterwards.Should().BeNull("the server closes the connection after an oversize line");
        _handler.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task An_oversize_line_is_refused_before_its_newline_arrives()
    {
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, configure: o => o with { MaxLineBytes = 1024 });
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync(new string('x', 2048));
        var response = await client.ReadResponseAsync();

        response["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.LineTooLong);
    }

    [Fact]
    public async Task A_line_exactly_at_the_limit_is_served()
    {
        const string prefix = "{\"version\":2,\"kind\":\"echo\",\"body\":{\"pad\":\"";
        const string suffix = "\"}}";
        await using var server = await RunningServer.StartAsync(
            _dir.SocketPath, _handler, configure: o => o with { MaxLineBytes = 1024 });
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        var line = prefix + new string('p', 1024 - prefix.Length - suffix.Length) + suffix;
        line.Length.Should().Be(1024);
        await client.SendAsync(line + "\n");

        (await client.ReadResponseAsync())["ok"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task A_handler_exception_becomes_an_internal_error_without_its_message_and_the_connection_stays_usable()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":2,\"kind\":\"throw\"}\n");
        var failure = await client.ReadResponseAsync();
        await client.SendAsync("{\"version\":2,\"kind\":\"ping\"}\n");
        var next = await client.ReadResponseAsync();

        failure["code"]!.GetValue<string>().Should().Be(ControlErrorCodes.Internal);
        failure["error"]!.GetValue<string>().Should().Contain("'throw'").And.NotContain("handler detail");
        next["ok"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Blank_lines_and_crlf_endings_are_tolerated()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("\n  \r\n{\"version\":2,\"kind\":\"ping\"}\r\n");
        var response = await client.ReadResponseAsync();

        response["ok"]!.GetValue<bool>().Should().BeTrue();
        _handler.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task A_last_request_without_newline_is_answered_when_the_client_stops_sending()
    {
        await using var server = await RunningServer.StartAsync(_dir.SocketPath, _handler);
        await using var client = await RawClient.ConnectAsync(_dir.SocketPath);

        await client.SendAsync("{\"version\":2,\"kind\":\"ping\"}");
        client.ShutdownSend();

        (await client.ReadResponseAsync())["ok"]!.GetValue<bool>().Should().BeTrue();
        (await client.ReadLineOrClosedAsync()).Should().BeNull();
    }
}
