using Tunmux.Core.Model;

namespace Tunmux.Providers.Proton.Client;

/// <summary>An API session: the UID sent as x-pm-uid and the bearer and refresh tokens.</summary>
public sealed record ProtonTokens(string Uid, Secret AccessToken, Secret RefreshToken)
{
    public override string ToString() => $"Proton session {Uid}";
}
