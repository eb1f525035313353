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

    /// <summary>
    /// True when no pass of the subject finished while this answer was waited for, so it tells
    /// nothing new: a waiter that asks again keeps the answer an earlier ask gave.
    /// </summary>
    public bool NoNewPass { get; init; }
}
