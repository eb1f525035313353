using System.Text;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;

namespace Tunmux.Daemon.Tests.Control.Protocol;

public sealed class ControlJsonTests
{
    [Fact]
    public void A_request_round_trips_through_one_line()
    {
        var request = new ControlRequest(ControlProtocol.Version, "apply", new JsonObject { ["manifest"] = "kind: Tunnel\n", ["n"] = 3 });

        var line = ControlJson.SerializeRequest(request);
        var parsed = ControlJson.ParseRequest(line.AsSpan(0, line.Length - 1));

        line[^1].Should().Be((byte)'\n');
        line.Count(b => b == (byte)'\n').Should().Be(1, "newlines inside strings are escaped");
        parsed.Error.Should().BeNull();
        parsed.Request!.Kind.Should().Be("apply");
        parsed.Request.Body!["manifest"]!.GetValue<string>().Should().Be("kind: Tunnel\n");
        parsed.Request.Body["n"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void The_wire_form_uses_camel_case_and_omits_absent_members()
    {
        Encoding.UTF8.GetString(ControlJson.SerializeRequest(new ControlRequest(ControlProtocol.Version, "ping")))
            .Should().Be("{\"version\":2,\"kind\":\"ping\"}\n");
        Encoding.UTF8.GetString(ControlJson.SerializeResponse(ControlResponse.Success()))
            .Should().Be("{\"version\":2,\"ok\":true}\n");
        Encoding.UTF8.GetString(ControlJson.SerializeResponse(ControlResponse.Failure("nope", ControlErrorCodes.Internal)))
            .Should().Be("{\"version\":2,\"ok\":false,\"error\":\"nope\",\"code\":\"internal\"}\n");
    }

    [Fact]
    public void A_response_round_trips_with_its_body_and_code()
    {
        var response = ControlResponse.Success(new JsonObject { ["tunnels"] = new JsonArray("a", "b") });

        var parsed = ControlJson.ParseResponse(ControlJson.SerializeResponse(response));

        parsed.Ok.Should().BeTrue();
        parsed.Version.Should().Be(2);
        parsed.Body!["tunnels"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("a", "b");
        ControlJson.ParseResponse(ControlJson.SerializeResponse(ControlResponse.Failure("x", ControlErrorCodes.PermissionDenied)))
            .Code.Should().Be(ControlErrorCodes.PermissionDenied);
    }

    [Fact]
    public void A_body_already_attached_elsewhere_can_still_be_sent()
    {
        var shared = new JsonObject { ["x"] = 1 };
        _ = new JsonObject { ["owner"] = shared };

        var line = ControlJson.SerializeResponse(ControlResponse.Success(shared));

        ControlJson.ParseResponse(line).Body!["x"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void Malformed_json_is_reported_by_position_without_echoing_the_text()
    {
        var parsed = ControlJson.ParseRequest("{\"version\":2,\"kind\":\"apply\",\"body\":{\"privateKey\":\"c2VjcmV0\" oops"u8);

        parsed.Request.Should().BeNull();
        parsed.Error!.Code.Should().Be(ControlErrorCodes.MalformedRequest);
        parsed.Error.Error.Should().MatchRegex(@"^malformed request: not valid JSON \(byte \d+\)$");
        parsed.Error.Error.Should().NotContain("c2VjcmV0");
    }

    [Fact]
    public void A_duplicate_property_is_malformed_not_a_crash()
    {
        var parsed = ControlJson.ParseRequest("{\"version\":2,\"kind\":\"a\",\"kind\":\"b\"}"u8);

        parsed.Error!.Code.Should().Be(ControlErrorCodes.MalformedRequest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Another_version_is_refused_before_anything_else_is_checked(int version)
    {
        var parsed = ControlJson.ParseRequest(Encoding.UTF8.GetBytes($"{{\"version\":{version}}}"));

        parsed.Error!.Error.Should().Be($"protocol version {version} not supported (daemon speaks 2)");
        parsed.Error.Code.Should().Be(ControlErrorCodes.UnsupportedVersion);
        parsed.Error.Version.Should().Be(ControlProtocol.Version);
    }

    [Fact]
    public void A_fractional_version_is_malformed()
    {
        ControlJson.ParseRequest("{\"version\":1.5,\"kind\":\"ping\"}"u8).Error!.Code.Should().Be(ControlErrorCodes.MalformedRequest);
    }

    [Fact]
    public void A_null_body_means_no_body()
    {
        ControlJson.ParseRequest("{\"version\":2,\"kind\":\"ping\",\"body\":null}"u8).Request!.Body.Should().BeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"version\":2}")]
    [InlineData("{\"ok\":true}")]
    [InlineData("{\"version\":2,\"ok\":\"yes\"}")]
    public void A_response_line_that_is_not_a_response_is_a_format_error(string line)
    {
        var parse = () => ControlJson.ParseResponse(Encoding.UTF8.GetBytes(line));

        parse.Should().Throw<FormatException>();
    }

    private static byte[] NestedRequest(int depth)
    {
        // The message object is level 1 and "body" level 2; the rest are arrays inside "x".
        var arrays = depth - 2;
        return Encoding.UTF8.GetBytes("{\"version\":2,\"kind\":\"get\",\"body\":{\"x\":" + new string('[', arrays) + new string(']', arrays) + "}}");
    }

    [Fact]
    public void Nesting_up_to_the_explicit_limit_is_read()
    {
        var parsed = ControlJson.ParseRequest(NestedRequest(ControlProtocol.MaxJsonDepth));

        parsed.Error.Should().BeNull();
        parsed.Request!.Body!["x"].Should().NotBeNull();
    }

    [Theory]
    [InlineData(ControlProtocol.MaxJsonDepth + 1)]
    [InlineData(100_000)]
    public void Nesting_past_the_explicit_limit_is_a_malformed_request_not_a_crash(int depth)
    {
        var parsed = ControlJson.ParseRequest(NestedRequest(depth));

        parsed.Request.Should().BeNull();
        parsed.Error!.Code.Should().Be(ControlErrorCodes.MalformedRequest);
        parsed.Error.Error.Should().Be($"malformed request: nested deeper than {ControlProtocol.MaxJsonDepth} levels");
    }

    [Fact]
    public void The_typed_binder_uses_the_same_explicit_limit()
    {
        Tunmux.Daemon.Control.Protocol.ControlJsonContext.Default.Options.MaxDepth.Should().Be(ControlProtocol.MaxJsonDepth);
    }

    [Fact]
    public void A_response_nested_past_the_limit_is_a_format_error()
    {
        var line = Encoding.UTF8.GetBytes("{\"version\":2,\"ok\":true,\"body\":{\"x\":" + new string('[', 40) + new string(']', 40) + "}}");

        var reading = () => ControlJson.ParseResponse(line);

        reading.Should().Throw<FormatException>();
    }

    [Fact]
    public void A_line_past_the_size_limit_is_refused_before_parsing()
    {
        var line = new byte[ControlProtocol.MaxLineBytes + 1];
        line.AsSpan().Fill((byte)' ');

        var parsed = ControlJson.ParseRequest(line);

        parsed.Error!.Error.Should().Contain($"longer than {ControlProtocol.MaxLineBytes} bytes");
    }
}
