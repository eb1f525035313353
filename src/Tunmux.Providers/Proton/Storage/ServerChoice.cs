using Tunmux.Core.Providers;

namespace Tunmux.Providers.Proton.Storage;

/// <summary>The server a tunnel was given, kept so it changes only when it must.</summary>
/// <param name="Unhealthy">Servers that failed this tunnel lately (see <see cref="ServerAvoidance"/>); null in older files.</param>
public sealed record ServerChoice(string Server, DateTimeOffset ChosenAt, IReadOnlyList<ServerMark>? Unhealthy = null);
