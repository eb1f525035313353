namespace Tunmux.Core.Lifecycle.History;

/// <summary>One line of a tunnel's recent history, as <c>tunmux describe</c> shows it.</summary>
public sealed record EventHistoryEntry(DateTimeOffset Time, HistoryEventType Type, string Reason, string Message);
