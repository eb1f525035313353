namespace Tunmux.Core.Providers;

/// <summary>
/// How a provider tunnel's server is kept or changed, the same for every provider, as pure
/// functions over the marks stored with the tunnel's sticky choice (issue #4 and #5): the chosen
/// server stays until it must go (it no longer matches, or it failed the tunnel since it was
/// chosen); a new choice takes the best matching server that is not marked; when every one is
/// marked, the least recently marked, because a tunnel with a server beats one without.
/// Marks expire after <see cref="MarkLifetime"/>, so a server that failed once is never shunned forever.
/// </summary>
public sealed record ServerAvoidance(TimeSpan MarkLifetime)
{
    public static ServerAvoidance Default { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>The marks still in force at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<ServerMark> Active(IReadOnlyList<ServerMark>? marks, DateTimeOffset now) =>
        [.. (marks ?? []).Where(m => now - m.MarkedAt < MarkLifetime).OrderBy(m => m.MarkedAt)];

    /// <summary>The marks with <paramref name="server"/> marked (again) at <paramref name="at"/>; expired ones are dropped.</summary>
    public IReadOnlyList<ServerMark> Mark(IReadOnlyList<ServerMark>? marks, string server, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        return [.. Active(marks, at).Where(m => !SameServer(m.Server, server)), new ServerMark(server, at)];
    }

    /// <summary>
    /// Whether the sticky choice may stay: it is not marked since it was chosen. A server chosen
    /// after its mark (every candidate was marked) stays, so that choice does not flap.
    /// </summary>
    public bool Keeps(string server, DateTimeOffset chosenAt, IReadOnlyList<ServerMark>? marks, DateTimeOffset now) =>
        !Active(marks, now).Any(m => SameServer(m.Server, server) && m.MarkedAt >= chosenAt);

    /// <summary>
    /// The first of <paramref name="bestFirst"/> that is not marked; when all are, the least
    /// recently marked, so repeated failovers go round every matching server.
    /// </summary>
    public T Choose<T>(IReadOnlyList<T> bestFirst, Func<T, string> nameOf, IReadOnlyList<ServerMark>? marks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(bestFirst);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentOutOfRangeException.ThrowIfZero(bestFirst.Count);
        var active = Active(marks, now);
        DateTimeOffset? MarkedAt(T candidate) => active.LastOrDefault(m => SameServer(m.Server, nameOf(candidate)))?.MarkedAt;
        foreach (var candidate in bestFirst)
        {
            if (MarkedAt(candidate) is null)
            {
                return candidate;
            }
        }

        return bestFirst.MinBy(c => MarkedAt(c)!.Value)!;
    }

    /// <summary>Provider server names are compared without case, as the providers' own lists do.</summary>
    public static bool SameServer(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
