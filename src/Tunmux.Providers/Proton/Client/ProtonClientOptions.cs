using Org.BouncyCastle.Bcpg.OpenPgp;
using Tunmux.Providers.Proton.Srp;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.Proton.Client;

/// <summary>How to reach Proton; every default is the real service's.</summary>
public sealed record ProtonClientOptions
{
    /// <summary>The headers the Linux CLI sends (the API wants a known client).</summary>
    public const string DefaultAppVersion = "linux-vpn-cli@4.14.3+x86_64";

    public const string DefaultUserAgent = "ProtonVPN/4.14.3 (Linux; linux/unknown)";

    public Uri BaseUrl { get; init; } = new(ApiEndpoints.ProtonDefault);

    public string AppVersion { get; init; } = DefaultAppVersion;

    public string UserAgent { get; init; } = DefaultUserAgent;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The key SRP moduli must be signed with; Proton's pinned key unless a test server signs its own.</summary>
    public PgpPublicKey? ModulusKey { get; init; }

    /// <summary>Where SRP's secret a comes from; random unless a test reproduces a vector.</summary>
    public ISrpSecretSource? SrpSecrets { get; init; }

    /// <summary>The transport; null for a real network stack.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
