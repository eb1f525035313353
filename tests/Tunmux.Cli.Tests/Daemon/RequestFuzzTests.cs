using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Handling;
using Tunmux.Daemon.Control.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Tests.Daemon;

/// <summary>
/// Issue #9: property tests of the two ways hostile input comes in. Random and mutated control
/// requests (byte flips, cuts, inserted JSON and YAML tricks, swapped types, mutated manifests)
/// go through the real session and handler as a non-root peer; random mutations of a manifest go
/// through `tunmux diff`. Whatever the input: no exception escapes, every answer is a protocol
/// line (or, for diff, exit 0, 1 or 2), the session keeps serving, no raw control character is
/// printed, and the content of a file a request names never comes back. Seeds are fixed, so a
/// failure names the case that reproduces it.
/// </summary>
public sealed class RequestFuzzTests : IDisposable
{
    private const int Cases = 400;
    private readonly CliHarness _cli = new();
    private readonly string _secret;
    private readonly string _marker = "tmx-fuzz-secret-" + Guid.NewGuid().ToString("N");

    private readonly CancellationTokenSource _stop = new();
    private readonly ControlRequestHandler _handler;
    private readonly ControlLoop _loop;

    public RequestFuzzTests()
    {
        _secret = _cli.Write("secret.key", _marker + "\n");

        // The daemon's handler and control loop on the harness's fake host, as InProcessDaemon builds them.
        var paths = TunmuxPaths.FromEnvironment(null, _cli.Context.Environment);
        _loop = InProcessDaemon.NewLoop(_cli, paths);
        _loop.StartAsync(_stop.Token).GetAwaiter().GetResult();
        var operations = new LoopControlOperations(_loop, new HostViewer(paths, _cli.Host, time: CliHarness.Time), new DeclaredStateStore(paths));
        _handler = new ControlRequestHandler(operations, new ForwardedFileStore(Path.Combine(_cli.Root, "state", "forwarded")));
    }

    public void Dispose()
    {
        _loop.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _loop.Dispose();
        _stop.Dispose();
        _cli.Dispose();
    }

    private string[] Tricks => new[]
    {
        "\u0000", "\u001b[2J", "{", "[", "]", "}", "\"", "\\", ",", ":", "@", "@" + _secret, _secret, "../../../../", "\uFEFF",
        "1e999", "-1", "null", "true", "&a [*a,*a,*a,*a]", "*a", "<<: *a", "!!binary", "/dev/zero", "/proc/self/environ",
        new string('[', 100_000), new string('x', 70_000), "configFile: /dev/zero", "privateKeyFile: " + _secret, "\n---\n", "\t",
    };

    private static readonly string[] Kinds = ["diff", "apply", "delete", "get", "describe", "status", "wait", "ping", "", "x\u001b[2J"];

    private JsonObject ValidDiff() => new()
    {
        ["version"] = ControlProtocol.Version,
        ["kind"] = "diff",
        ["body"] = new JsonObject
        {
            ["manifests"] = new JsonArray(new JsonObject { ["path"] = Path.Combine(_cli.Root, "lab.yaml"), ["text"] = Manifests.TwoExits.Replace("client.key", _secret, StringComparison.Ordinal) }),
            ["files"] = new JsonArray(new JsonObject { ["path"] = _secret, ["content"] = null, ["problem"] = null }),
            ["prune"] = false,
        },
    };

    private string MutateText(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var step = random.Next(1, 4); step > 0; step--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(4))
            {
                case 0 when builder.Length > 0:
                    builder[Math.Min(at, builder.Length - 1)] = (char)random.Next(0, 0x80);
                    break;
                case 1:
                    builder.Length = Math.Min(at, builder.Length);
                    break;
                default:
                    builder.Insert(at, Tricks[random.Next(Tricks.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private JsonNode? RandomValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        2 => JsonValue.Create(Tricks[random.Next(Tricks.Length)]),
        3 => new JsonArray(JsonValue.Create(_secret), JsonValue.Create("x")),
        4 => new JsonObject { ["path"] = _secret, ["text"] = MutateText(random, Manifests.TwoExits) },
        5 => JsonValue.Create(random.Next(2) == 0),
        _ => JsonValue.Create(MutateText(random, Manifests.TwoExits)),
    };

    /// <summary>One hostile request line: a mutated valid diff, as JSON or as bytes.</summary>
    private byte[] HostileLine(Random random)
    {
        var request = ValidDiff();
        var body = request["body"]!.AsObject();
        switch (random.Next(6))
        {
            case 0:
                request["kind"] = Kinds[random.Next(Kinds.Length)];
                break;
            case 1:
                body[new[] { "manifests", "files", "prune", "dryRun", "kind", "names", "@x" }[random.Next(7)]] = RandomValue(random);
                break;
            case 2:
                body["manifests"]![0]!["text"] = MutateText(random, Manifests.TwoExits);
                break;
            case 3:
                request["version"] = RandomValue(random);
                break;
            case 4:
                body["files"]![0]!["content"] = MutateText(random, "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
                break;
        }

        var line = request.ToJsonString();
        return Encoding.UTF8.GetBytes(random.Next(3) == 0 ? MutateText(random, line).Replace("\n", "", StringComparison.Ordinal) : line);
    }

    private async Task<string> ServeAsync(byte[] line)
    {
        var input = new MemoryStream([.. line, (byte)'\n', .. "{\"version\":2,\"kind\":\"ping\"}\n"u8.ToArray()]);
        var output = new MemoryStream();
        await ControlSession.ServeAsync(input, output, _handler, new PeerCredentials(4242, 1000, 1000)).WaitAsync(TimeSpan.FromSeconds(60));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Random_and_mutated_control_requests_never_crash_the_session_nor_leak_a_file()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var line = HostileLine(random);

            var answer = await ServeAsync(line);

            var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(2, $"seed {seed}: one answer per request line, then the ping's");
            foreach (var reply in lines)
            {
                var response = ControlJson.ParseResponse(Encoding.UTF8.GetBytes(reply));
                response.Version.Should().Be(ControlProtocol.Version, $"seed {seed}");
                (response.Ok || response.Code is not null).Should().BeTrue($"seed {seed}: a refusal says why in a code");
            }

            ControlJson.ParseResponse(Encoding.UTF8.GetBytes(lines[^1])).Ok.Should().BeTrue($"seed {seed}: the session still serves");
            answer.Should().NotContain(_marker, $"seed {seed}: a named file's content never comes back");
            answer.Where(c => c < ' ' && c != '\n').Should().BeEmpty($"seed {seed}: control characters travel escaped");
        }
    }

    [Fact]
    public async Task Mutated_manifests_through_diff_end_in_a_defined_exit_code_and_print_no_raw_control_characters()
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        for (var seed = 0; seed < Cases / 4; seed++)
        {
            var random = new Random(10_000 + seed);
            var manifest = _cli.Write("fuzz.yaml", MutateText(random, Manifests.TwoExits.Replace("client.key", _secret, StringComparison.Ordinal)));

            var code = await CliApp.Build(_cli.Context, CliHarness.Time).Parse(["diff", "-f", manifest]).InvokeAsync(configuration).WaitAsync(TimeSpan.FromSeconds(60));

            code.Should().BeOneOf([0, 1, 2], $"seed {10_000 + seed}: diff's own codes only\n{_cli.Stderr}");
            var printed = _cli.Stdout + _cli.Stderr;
            printed.Should().NotContain(_marker, $"seed {10_000 + seed}");
            printed.Where(c => c is < ' ' and not '\n' || c == '\u007f').Should().BeEmpty($"seed {10_000 + seed}: {printed}");
        }

        _cli.Host.MutatingCalls.Should().Be(0, "diff never changes the host");
    }
}
