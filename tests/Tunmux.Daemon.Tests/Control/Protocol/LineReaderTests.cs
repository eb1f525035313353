using System.IO.Pipelines;
using System.Text;
using Tunmux.Daemon.Control;

namespace Tunmux.Daemon.Tests.Control.Protocol;

public sealed class LineReaderTests
{
    [Fact]
    public async Task Splits_lines_and_drops_carriage_returns()
    {
        var lines = await ReadAllAsync(100, "one\ntwo\r\nthree\n");

        lines.Should().Equal("one", "two", "three", "<eof>");
    }

    [Fact]
    public async Task A_line_split_across_many_writes_is_one_line()
    {
        var lines = await ReadAllAsync(100, "{\"ver", "sion\":", "1}", "\nnext\n");

        lines.Should().Equal("{\"version\":1}", "next", "<eof>");
    }

    [Fact]
    public async Task A_last_line_without_newline_is_still_a_line()
    {
        var lines = await ReadAllAsync(100, "one\ntail");

        lines.Should().Equal("one", "tail", "<eof>");
    }

    [Fact]
    public async Task A_line_over_the_limit_is_too_long_even_before_its_newline()
    {
        var lines = await ReadAllAsync(10, "short\n", "0123456789A", "BC");

        lines.Should().Equal("short", "<too long>");
    }

    [Fact]
    public async Task A_complete_line_over_the_limit_is_too_long()
    {
        (await ReadAllAsync(10, "0123456789A\n")).Should().Equal("<too long>");
    }

    [Fact]
    public async Task A_line_exactly_at_the_limit_is_accepted()
    {
        (await ReadAllAsync(10, "0123456789\n")).Should().Equal("0123456789", "<eof>");
    }

    [Fact]
    public async Task A_long_line_in_small_chunks_is_found_once_its_newline_arrives()
    {
        var chunks = Enumerable.Repeat(new string('a', 1000), 100).Append("\n").ToArray();

        var lines = await ReadAllAsync(200_000, chunks);

        lines.Should().HaveCount(2);
        lines[0].Should().HaveLength(100_000);
    }

    private static async Task<List<string>> ReadAllAsync(int limit, params string[] chunks)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        foreach (var chunk in chunks)
        {
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(chunk));
        }

        await pipe.Writer.CompleteAsync();
        var reader = new LineReader(pipe.Reader, limit);
        var results = new List<string>();
        while (true)
        {
            var result = await reader.ReadLineAsync(CancellationToken.None);
            switch (result.Status)
            {
                case LineStatus.Line:
                    results.Add(Encoding.UTF8.GetString(result.Line!));
                    continue;
                case LineStatus.EndOfStream:
                    results.Add("<eof>");
                    return results;
                default:
                    results.Add("<too long>");
                    return results;
            }
        }
    }
}
