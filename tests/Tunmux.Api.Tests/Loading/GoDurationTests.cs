namespace Tunmux.Api.Tests.Loading;

public class GoDurationTests
{
    [Theory]
    [InlineData("168h", 168 * 3600_000L)]
    [InlineData("1h30m", 90 * 60_000L)]
    [InlineData("45s", 45_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1s500ms", 1500L)]
    [InlineData("2m", 120_000L)]
    public void Durations_parse_as_go_writes_them(string text, long milliseconds)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
        GoDuration.TryParse(GoDuration.Format(value), out var again).Should().BeTrue();
        again.Should().Be(value, "formatting and parsing round-trip");
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("m")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    public void Malformed_durations_are_refused(string text) => GoDuration.TryParse(text, out _).Should().BeFalse();
}
