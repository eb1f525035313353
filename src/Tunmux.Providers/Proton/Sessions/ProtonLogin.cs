using System.Text;
using Tunmux.Providers.Proton.Api;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Keys;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>
/// A whole Proton login: SRP (verifying the signed modulus and the server's proof), two-factor when
/// the account has it, the VPN plan, a fresh Ed25519 key and its certificate. Returns the complete
/// session; the caller stores it. On any failure after the server opened a session, that session is
/// ended again, so nothing is left half-made on either side.
/// </summary>
public sealed class ProtonLogin(ProtonClient client, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ProtonSession> LoginAsync(string username, string password, ITwoFactorSource twoFactor, bool portForwarding, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentNullException.ThrowIfNull(twoFactor);
        if (string.IsNullOrEmpty(password))
        {
            throw new ProtonException(ProtonProblem.WrongPassword, "the password is empty");
        }

        client.Tokens = null;
        var info = await client.AuthInfoAsync(username, cancellationToken).ConfigureAwait(false);
        var proofs = ComputeProofs(info, password);
        var auth = await AuthenticateAsync(username, info, proofs, cancellationToken).ConfigureAwait(false);
        client.Tokens = new ProtonTokens(auth.Uid, auth.AccessToken!, auth.RefreshToken!);
        try
        {
            if (auth.NeedsTotp)
            {
                await SecondFactorAsync(twoFactor, cancellationToken).ConfigureAwait(false);
            }

            var vpn = (await client.VpnSettingsAsync(cancellationToken).ConfigureAwait(false)).Vpn
                ?? throw new ProtonException(ProtonProblem.Malformed, "the Proton API's /vpn/v2 reply has no VPN account");
            var keys = ProtonKeyMaterial.Generate();
            var certificate = await ProtonCertificates.RequestAsync(client, keys, portForwarding, cancellationToken).ConfigureAwait(false);
            var tokens = client.Tokens;
            return new ProtonSession
            {
                Username = username,
                Uid = tokens.Uid,
                AccessToken = tokens.AccessToken,
                RefreshToken = tokens.RefreshToken,
                VpnUsername = vpn.Name,
                VpnPassword = vpn.Password,
                PlanName = vpn.PlanName,
                PlanTitle = vpn.PlanTitle,
                MaxTier = vpn.MaxTier,
                MaxConnect = vpn.MaxConnect,
                Ed25519PrivateKey = keys.Ed25519PrivateKey,
                WireGuardPublicKey = keys.WireGuard.PublicKey,
                Fingerprint = keys.Fingerprint,
                Certificate = certificate.Pem,
                CertificateExpires = certificate.Expires,
                CertificateRefresh = certificate.Refresh,
                CertificatePortForwarding = certificate.PortForwarding,
                LoggedInAt = _time.GetUtcNow(),
            };
        }
        catch (Exception exception) when (exception is ProtonException or OperationCanceledException)
        {
            await EndHalfMadeSessionAsync().ConfigureAwait(false);
            throw;
        }
    }

    private SrpClientProofs ComputeProofs(AuthInfoResponse info, string password)
    {
        if (!ProtonPasswordHasher.IsSupportedVersion(info.Version))
        {
            throw new ProtonException(
                ProtonProblem.AuthenticationFailed,
                $"this account uses Proton's legacy password scheme (version {info.Version}); log in once on account.proton.me to upgrade it");
        }

        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return ProtonSrp.ComputeClientProofs(info, passwordBytes, client.Options.SrpSecrets, client.Options.ModulusKey);
        }
        catch (SrpException exception)
        {
            throw new ProtonException(ProtonProblem.AuthenticationFailed, $"the Proton server's login parameters failed verification: {exception.Message}", inner: exception);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private async Task<AuthResponse> AuthenticateAsync(string username, AuthInfoResponse info, SrpClientProofs proofs, CancellationToken cancellationToken)
    {
        AuthResponse auth;
        try
        {
            auth = await client.AuthAsync(
                new AuthRequest
                {
                    Username = username,
                    ClientEphemeral = proofs.ClientEphemeralBase64,
                    ClientProof = proofs.ClientProofBase64,
                    SrpSession = info.SrpSession,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException exception) when (exception.ApiCode == ProtonClient.WrongCredentialsCode)
        {
            throw new ProtonException(ProtonProblem.WrongPassword, "Proton refused the login: wrong user name or password", exception.ApiCode, exception);
        }

        if (!proofs.IsServerProofValid(auth.ServerProof))
        {
            throw new ProtonException(
                ProtonProblem.AuthenticationFailed,
                "the server did not prove it knows this account's password verifier: refusing it (wrong --api-url, or not Proton)");
        }

        if (string.IsNullOrEmpty(auth.Uid) || auth.AccessToken is null || auth.RefreshToken is null)
        {
            throw new ProtonException(ProtonProblem.Malformed, "the Proton API's login reply has no session tokens");
        }

        return auth;
    }

    private async Task SecondFactorAsync(ITwoFactorSource twoFactor, CancellationToken cancellationToken)
    {
        var code = (await twoFactor.GetCodeAsync(cancellationToken).ConfigureAwait(false))?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            throw new ProtonException(
                ProtonProblem.TwoFactorRequired,
                "this Proton account needs a two-factor code: pass --2fa CODE, answer the prompt, or give a TOTP secret file");
        }

        try
        {
            await client.TwoFactorAsync(code, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtonException exception) when (exception.Problem is ProtonProblem.ServerError or ProtonProblem.SessionExpired)
        {
            throw new ProtonException(ProtonProblem.TwoFactorRejected, "Proton refused the two-factor code: check it and the clock of this machine, then retry", exception.ApiCode, exception);
        }
    }

    private async Task EndHalfMadeSessionAsync()
    {
        if (client.Tokens is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.LogoutAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProtonException or OperationCanceledException)
        {
            // Best effort: the session was never stored, and Proton expires unused sessions itself.
        }
        finally
        {
            client.Tokens = null;
        }
    }
}
