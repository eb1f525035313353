namespace Tunmux.Linux.Privilege;

/// <summary>What one sudo run ended with; <see cref="Stderr"/> is sudo's own message (never a secret: -n never reads one).</summary>
public sealed record SudoResult(int ExitCode, string Stderr)
{
    /// <summary>sudo -n refuses with this when the policy wants a password (or has no rule for the user).</summary>
    public bool PasswordRequired => ExitCode != 0 && Stderr.Contains("password is required", StringComparison.Ordinal);
}

/// <summary>The narrow seam through which the CLI runs sudo: found by absolute path, never through PATH.</summary>
public interface ISudo
{
    /// <summary>sudo's absolute path, or null when it is not installed.</summary>
    string? Path { get; }

    /// <summary>True when standard input is a terminal, so sudo may ask for a password.</summary>
    bool HasTerminal { get; }

    /// <summary>Runs sudo with <paramref name="arguments"/> without a terminal (stdin closed, stderr captured).</summary>
    Task<SudoResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>`sudo -v` on the terminal: the person types the password to sudo itself.</summary>
    Task<int> ValidateOnTerminalAsync(CancellationToken cancellationToken);

    /// <summary>Starts sudo with <paramref name="arguments"/> and gives its standard input, output and error to the caller (the stdio transport).</summary>
    System.Diagnostics.Process Start(IReadOnlyList<string> arguments);
}
