namespace Tunmux.Runtime.Controller;

/// <summary>
/// Why a key's next full pass was asked for: the distinct causes in the order they came (the
/// first few; the rest are only counted). Triggers are merged into one pass by the queue, so a
/// pass can have several; they are logged with it, and with any rebuild it plans.
/// </summary>
internal sealed record PassCauses(IReadOnlyList<string> Causes, int Count)
{
    private const int Kept = 4;

    public static PassCauses Of(string cause) => new([cause], 1);

    public PassCauses With(string cause) =>
        Causes.Contains(cause, StringComparer.Ordinal) ? this
        : Causes.Count < Kept ? new PassCauses([.. Causes, cause], Count + 1)
        : this with { Count = Count + 1 };

    public override string ToString() =>
        Count > Causes.Count ? $"{string.Join("; ", Causes)} (+{Count - Causes.Count} more)" : string.Join("; ", Causes);
}
