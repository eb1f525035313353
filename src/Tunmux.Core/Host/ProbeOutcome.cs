namespace Tunmux.Core.Host;

/// <summary>One probe's result: passed or not, and a short sentence for status (never a secret).</summary>
public sealed record ProbeOutcome(bool Ok, string Detail)
{
    public static ProbeOutcome Passed(string detail) => new(true, detail);

    public static ProbeOutcome Failed(string detail) => new(false, detail);
}
