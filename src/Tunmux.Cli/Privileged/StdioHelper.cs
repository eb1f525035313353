using System.Diagnostics;
using Tunmux.Daemon.Control.Client;
using Tunmux.Linux.Privilege;

namespace Tunmux.Cli.Privileged;

/// <summary>
/// privileged_transport = "stdio": the root helper of one command. It is started through
/// `sudo -n` the first time the command needs the daemon (and, with a terminal, after `sudo -v`
/// once), speaks the control protocol on its standard input and output, and ends when this is
/// disposed (its input closes). No socket exists at any time.
/// </summary>
public sealed class StdioHelper(ISudo sudo, IReadOnlyList<string> arguments, TimeSpan startTimeout, TextWriter stderr) : IAsyncDisposable
{
    private const string Description = "the stdio helper";

    /// <summary>How long a stopping helper gets to stop by itself (it takes the exits' state to disk first).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly List<string> _early = [];
    private Process? _process;
    private Task? _stderrPump;
    private bool _answered;

    /// <summary>A client for the helper (started now if it is not running); throws with the original's clear message when it cannot start.</summary>
    public async Task<ControlClient?> ConnectAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is null)
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
            }

            // A new client each time over the same pipes: disposing it leaves them open for the next.
            return ControlClient.Over(_process!.StandardOutput.BaseStream, _process.StandardInput.BaseStream, Description);
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sudo.Path is null)
        {
            throw Refused(HelperLauncher.SudoMissing);
        }

        var failure = await TryStartAsync(cancellationToken).ConfigureAwait(false);
        if (failure == HelperLauncher.PasswordWithoutTerminal && sudo.HasTerminal)
        {
            if (await sudo.ValidateOnTerminalAsync(cancellationToken).ConfigureAwait(false) != 0)
            {
                throw Refused("sudo -v failed: the password was not accepted");
            }

            failure = await TryStartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            throw Refused(failure);
        }
    }

    /// <summary>Null once the helper answered a ping; otherwise why not (the process is cleaned up).</summary>
    private async Task<string?> TryStartAsync(CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        _early.Clear();
        _answered = false;
        var process = sudo.Start(arguments);
        _process = process;
        _stderrPump = PumpStderrAsync(process);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(startTimeout);
        try
        {
            await using var client = ControlClient.Over(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, Description);
            if ((await client.PingAsync(deadline.Token).ConfigureAwait(false)).Ok)
            {
                FlushEarly();
                return null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
            return HelperLauncher.StartTimeout;
        }
        catch (ControlClientException)
        {
            // It ended without answering: sudo refused, or the helper failed at start. Its stderr says which.
        }

        await StopAsync().ConfigureAwait(false);
        var said = string.Join(" ", _early).Trim();
        return said.Contains("password is required", StringComparison.Ordinal) ? HelperLauncher.PasswordWithoutTerminal
            : $"sudo could not start the privileged helper: {(said.Length > 0 ? said : "it ended without answering")}";
    }

    /// <summary>The helper's (and sudo's) standard error: kept until it answers, so a refusal becomes one clear error; passed on after.</summary>
    private async Task PumpStderrAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_early)
            {
                if (!_answered)
                {
                    _early.Add(line);
                    continue;
                }
            }

            await stderr.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private void FlushEarly()
    {
        lock (_early)
        {
            _answered = true;
            foreach (var line in _early)
            {
                stderr.WriteLine(line);
            }

            _early.Clear();
        }
    }

    /// <summary>Closes the helper's input (it stops on end of input) and waits for it; never signals it (it runs as root).</summary>
    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(StopWait).ConfigureAwait(false);
            if (_stderrPump is { } pump)
            {
                await pump.ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            await stderr.WriteLineAsync($"warning: the stdio helper (pid {process.Id}) did not stop within {StopWait.TotalSeconds:0} s of its input closing").ConfigureAwait(false);
        }

        process.Dispose();
    }

    private static ControlClientException Refused(string message) => new(ControlClientFailure.NotListening, message);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _starting.Dispose();
    }
}
