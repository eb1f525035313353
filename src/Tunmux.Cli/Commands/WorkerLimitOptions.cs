using System.CommandLine;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Linux.Proxy;
using Tunmux.Proxy;
using Tunmux.ProxyWorker;

namespace Tunmux.Cli.Commands;

/// <summary>
/// Credentials, timeouts and the connection limit, shared by `proxy serve` and the worker.
/// The password is read from a file by the process that uses it, never passed in argv.
/// </summary>
public sealed class WorkerLimitOptions
{
    private readonly Option<string?> _credentials = new Option<string?>(ProxyWorkerCommand.CredentialsFileOption)
    {
        Description = "Require clients to log in; the file holds one line \"username:password\" (mode 0600).",
    }.AsPath();

    private readonly Option<string?> _connect = new(ProxyWorkerCommand.ConnectTimeoutOption) { Description = "Resolve and connect within this long (default 10s)." };
    private readonly Option<string?> _handshake = new(ProxyWorkerCommand.HandshakeTimeoutOption) { Description = "A client's request must be complete within this long (default 15s)." };
    private readonly Option<string?> _idle = new(ProxyWorkerCommand.IdleTimeoutOption) { Description = "Close connections idle this long (default 5m)." };
    private readonly Option<int?> _max = new(ProxyWorkerCommand.MaxConnectionsOption) { Description = "Close connections beyond this many (default 16384)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_credentials);
        command.Options.Add(_connect);
        command.Options.Add(_handshake);
        command.Options.Add(_idle);
        command.Options.Add(_max);
    }

    /// <summary>The engine options these flags ask for, or null after printing what is wrong.</summary>
    public ProxyServerOptions? Read(ParseResult parse, CliContext context)
    {
        var problems = new List<string>();
        var options = ProxyOptionValues.Read(parse.GetValue(_credentials), parse.GetValue(_connect), parse.GetValue(_handshake),
            parse.GetValue(_idle), parse.GetValue(_max)?.ToString(System.Globalization.CultureInfo.InvariantCulture), problems);
        foreach (var problem in problems)
        {
            context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(problem)}");
        }

        return problems.Count == 0 ? options : null;
    }

    /// <summary>The same flags again, for a worker started on this command's behalf.</summary>
    public IReadOnlyList<string> PassThrough(ParseResult parse)
    {
        var args = new List<string>();
        void Add(Option<string?> option)
        {
            if (parse.GetValue(option) is { } value)
            {
                args.AddRange([option.Name, value]);
            }
        }

        Add(_credentials);
        Add(_connect);
        Add(_handshake);
        Add(_idle);
        if (parse.GetValue(_max) is { } max)
        {
            args.AddRange([_max.Name, max.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return args;
    }
}
