using Tunmux.Providers.Proton.Servers;

namespace Tunmux.Providers.Proton.Storage;

/// <summary>The last server list fetched from /vpn/v1/logicals, and when.</summary>
public sealed record ServerCache(DateTimeOffset FetchedAt, IReadOnlyList<LogicalServer> LogicalServers);
