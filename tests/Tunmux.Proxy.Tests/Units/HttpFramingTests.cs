using Tunmux.Proxy.Http;

namespace Tunmux.Proxy.Tests.Units;

public sealed class HttpFramingTests
{
    private static HttpHeaders Headers(params string[] fields)
    {
        var headers = new HttpHeaders();
        foreach (var field in fields)
        {
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            headers.Add(field[..colon], field[(colon + 1)..].Trim());
        }

        return headers;
    }

    [Fact]
    public void A_request_without_length_or_coding_has_no_body() =>
        BodyFraming.ForRequest(Headers("Host: h")).Should().Be(BodyFraming.NoBody);

    [Fact]
    public void Repeated_identical_lengths_are_one_length() =>
        BodyFraming.ForRequest(Headers("Content-Length: 5", "Content-Length: 5, 5")).Should().Be(new BodyFraming(BodyKind.Length, 5));

    [Theory]
    [InlineData("Content-Length: 5", "Transfer-Encoding: chunked")]
    [InlineData("Content-Length: 5", "Content-Length: 6")]
    [InlineData("Content-Length: five")]
    [InlineData("Content-Length: +5")]
    [InlineData("Transfer-Encoding: gzip, chunked")]
    [InlineData("Transfer-Encoding: chunked, gzip")]
    public void Ambiguous_request_framing_is_refused(params string[] fields) =>
        BodyFraming.ForRequest(Headers(fields)).Should().BeNull();

    [Theory]
    [InlineData("HEAD", 200)]
    [InlineData("GET", 101)]
    [InlineData("GET", 103)]
    [InlineData("GET", 204)]
    [InlineData("GET", 304)]
    public void Some_responses_never_have_a_body(string method, int status) =>
        BodyFraming.ForResponse(method, status, Headers("Content-Length: 10")).Should().Be(BodyFraming.NoBody);

    [Fact]
    public void Transfer_encoding_wins_over_length_in_responses() =>
        BodyFraming.ForResponse("GET", 200, Headers("Content-Length: 10", "Transfer-Encoding: chunked")).Should().Be(new BodyFraming(BodyKind.Chunked));

    [Fact]
    public void A_response_coding_that_does_not_end_in_chunked_runs_until_close() =>
        BodyFraming.ForResponse("GET", 200, Headers("Transfer-Encoding: gzip")).Should().Be(new BodyFraming(BodyKind.UntilClose));

    [Fact]
    public void A_response_without_framing_runs_until_close() =>
        BodyFraming.ForResponse("GET", 200, Headers()).Should().Be(new BodyFraming(BodyKind.UntilClose));

    [Fact]
    public void Hop_by_hop_fields_and_the_ones_Connection_names_are_stripped()
    {
        var stripped = HopByHopHeaders.Strip(Headers(
            "Connection: close, X-Private", "X-Private: 1", "Keep-Alive: 5", "Proxy-Connection: keep-alive",
            "Proxy-Authorization: Basic x", "TE: trailers", "Trailer: X", "Transfer-Encoding: chunked",
            "Upgrade: h2c", "Content-Length: 3", "Accept: */*", "Cookie: a=b"));

        stripped.Select(f => f.Key).Should().Equal("Accept", "Cookie");
    }

    [Theory]
    [InlineData("http://example.com", "example.com", "example.com", 80, "/")]
    [InlineData("http://example.com:8080/a/b?c=d#frag", "example.com:8080", "example.com", 8080, "/a/b?c=d")]
    [InlineData("HTTP://Example.com?x", "Example.com", "Example.com", 80, "/?x")]
    [InlineData("http://[::1]:81/v6", "[::1]:81", "::1", 81, "/v6")]
    [InlineData("http://10.0.0.1/", "10.0.0.1", "10.0.0.1", 80, "/")]
    public void Absolute_targets_are_split_into_authority_and_origin_form(string uri, string authority, string host, int port, string path) =>
        HttpTargets.ParseAbsolute(uri).Should().Be(new AbsoluteTarget(authority, host, port, path));

    [Theory]
    [InlineData("/relative")]
    [InlineData("https://example.com/")]
    [InlineData("http://user:pw@example.com/")]
    [InlineData("http://exa mple.com/")]
    [InlineData("http://[::1/")]
    [InlineData("http://[127.0.0.1]/")]
    [InlineData("http://example.com:0/")]
    [InlineData("http://example.com:65536/")]
    [InlineData("http:///path")]
    public void Unusable_absolute_targets_are_refused(string uri) =>
        HttpTargets.ParseAbsolute(uri).Should().BeNull();

    [Theory]
    [InlineData("example.com:443", "example.com", 443)]
    [InlineData("example.com", "example.com", 443)]
    [InlineData("[2001:db8::1]:8443", "2001:db8::1", 8443)]
    public void Connect_authorities_default_to_port_443(string authority, string host, int port)
    {
        HttpTargets.TryParseAuthority(authority, 443, out var parsedHost, out var parsedPort).Should().BeTrue();
        (parsedHost, parsedPort).Should().Be((host, port));
    }

    [Theory]
    [InlineData("Basic Ym9iOnBhNTU6d29yZA==", true)]
    [InlineData("basic Ym9iOnBhNTU6d29yZA==", true)]
    [InlineData("Basic Ym9iOndyb25n", false)]
    [InlineData("Basic !!notbase64", false)]
    [InlineData("Bearer Ym9iOnBhNTU6d29yZA==", false)]
    [InlineData("Basic Ym9i", false)]
    public void Basic_proxy_credentials_are_checked(string header, bool expected)
    {
        var headers = Headers("Proxy-Authorization: " + header);

        ProxyBasicAuth.IsAuthorized(headers, new ProxyCredentials("bob", "pa55:word")).Should().Be(expected);
    }

    [Fact]
    public void Without_configured_credentials_every_request_is_authorized() =>
        ProxyBasicAuth.IsAuthorized(Headers(), null).Should().BeTrue();
}
