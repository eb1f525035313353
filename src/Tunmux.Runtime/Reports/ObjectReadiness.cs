namespace Tunmux.Runtime.Reports;

/// <param name="Subject">"tunnel/NAME" or "proxy/NAME".</param>
/// <param name="Reason">The Ready condition's reason (Ready, AwaitingHandshake, NoHandshake, ...), or a pass's outcome (InvalidSpec, Failed, RequeueAfter, Unavailable).</param>
/// <param name="Message">The Ready condition's message, or the outcome's reason, for people.</param>
public sealed record ObjectReadiness(string Subject, bool Ready, string Reason, string Message)
{
    /// <summary>
    /// True when the subject cannot become Ready by waiting (an invalid spec, a failed pass, nothing
    /// declares it): a waiter stops and reports it instead of running into its timeout.
    /// </summary>
    public bool Settled { get; init; }
}
