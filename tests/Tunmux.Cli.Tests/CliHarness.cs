using Spectre.Console;
using Tunmux.Cli;
using Tunmux.Cli.Hosting;
using Tunmux.Testing;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Runs tunmux commands in-process against a fake host and recorded consoles, with the state
/// in a temporary folder; what a person would see is in <see cref="Stdout"/> and <see cref="Stderr"/>.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    /// <param name="connectDaemon">How commands reach a daemon; by default none answers and commands run in-process.</param>
    public CliHarness(bool privileged = true, Func<CliHarness, Func<CancellationToken, Task<Tunmux.Daemon.Control.Client.ControlClient?>>>? connectDaemon = null)
    {
        Root = Directory.CreateTempSubdirectory("tunmux-cli-").FullName;
        File.WriteAllText(Path.Combine(Root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        Context = new CliContext
        {
            Out = Console(_out),
            Error = Console(_err),
            DriverFactory = (_, _) => Host,
            IsPrivileged = () => privileged,
            Environment = name => name switch
            {
                "TUNMUX_STATE_DIR" => Path.Combine(Root, "state"),
                "TUNMUX_RUN_DIR" => Path.Combine(Root, "run"),
                _ => null,
            },
            ConnectDaemon = connectDaemon?.Invoke(this) ?? (_ => Task.FromResult<Tunmux.Daemon.Control.Client.ControlClient?>(null)),
        };
    }

    public string Root { get; }

    public FakeExitDriver Host { get; } = new();

    public CliContext Context { get; }

    public string Stdout => _out.ToString();

    public string Stderr => _err.ToString();

    public static DateTimeOffset Now { get; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The clock commands judge ages by: always <see cref="Now"/>.</summary>
    public static TimeProvider Time { get; } = new FixedTime(Now);

    public async Task<int> RunAsync(params string[] args)
    {
        _out.GetStringBuilder().Clear();
        _err.GetStringBuilder().Clear();
        return await CliApp.Build(Context, Time).Parse(args).InvokeAsync();
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
