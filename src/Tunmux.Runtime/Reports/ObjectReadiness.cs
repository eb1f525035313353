namespace Tunmux.Runtime.Reports;

/// <param name="Subject">"tunnel/NAME" or "proxy/NAME".</param>
/// <param name="Reason">The Ready condition's reason (Ready, AwaitingHandshake, NoHandshake, ...).</param>
/// <param name="Message">The Ready condition's message, for people.</param>
public sealed record ObjectReadiness(string Subject, bool Ready, string Reason, string Message);
