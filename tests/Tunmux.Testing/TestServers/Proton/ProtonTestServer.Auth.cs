using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>/auth/v4/*: SRP login, two-factor, token refresh and logout.</summary>
public sealed partial class ProtonTestServer
{
    private readonly Dictionary<string, (AccountRecord? Account, SrpServer Srp)> _handshakes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TestSession> _sessions = new(StringComparer.Ordinal);

    private (HttpStatusCode, string) AuthInfo(JsonObject? request)
    {
        var username = request?["Username"]?.GetValue<string>() ?? "";
        // Unknown names get made-up parameters, so that the reply does not tell which accounts exist.
        var account = _accounts.GetValueOrDefault(username);
        var record = account ?? AccountRecord.For(new ProtonTestAccount(username, Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))), _modulus);
        var srp = new SrpServer(_modulus, record.Verifier);
        var handshake = Token();
        _handshakes[handshake] = (account, srp);
        return Ok(new JsonObject
        {
            ["Version"] = 4,
            ["Modulus"] = SignedModulus,
            ["ServerEphemeral"] = srp.ServerEphemeralBase64,
            ["Salt"] = record.Salt,
            ["SRPSession"] = handshake,
        });
    }

    private (HttpStatusCode, string) Auth(JsonObject? request)
    {
        var handshake = request?["SRPSession"]?.GetValue<string>() ?? "";
        if (!_handshakes.Remove(handshake, out var pending))
        {
            return Error(HttpStatusCode.UnprocessableEntity, 8002, "Invalid SRP session");
        }

        byte[]? serverProof = null;
        try
        {
            serverProof = pending.Srp.VerifyClientProof(
                Convert.FromBase64String(request!["ClientEphemeral"]!.GetValue<string>()),
                Convert.FromBase64String(request["ClientProof"]!.GetValue<string>()));
        }
        catch (FormatException)
        {
            // Treated as a wrong proof below.
        }

        if (serverProof is null || pending.Account is null)
        {
            return Error(HttpStatusCode.UnprocessableEntity, 8002, "Incorrect login credentials. Please try again.");
        }

        if (ForgeServerProof)
        {
            serverProof[0] ^= 0xFF;
        }

        var session = OpenSession(pending.Account);
        var totp = pending.Account.Account.TotpSecret is null ? 0 : 1;
        session.SecondFactorPending = totp == 1;
        return Ok(new JsonObject
        {
            ["UID"] = session.Uid,
            ["AccessToken"] = session.AccessToken,
            ["RefreshToken"] = session.RefreshToken,
            ["TokenType"] = "Bearer",
            ["ServerProof"] = Convert.ToBase64String(serverProof),
            ["Scopes"] = totp == 1 ? new JsonArray("twofactor") : new JsonArray("full", "vpn"),
            ["2FA"] = new JsonObject { ["Enabled"] = totp, ["TOTP"] = totp },
        });
    }

    private (HttpStatusCode, string) SecondFactor(TestSession session, JsonObject? request)
    {
        var code = request?["TwoFactorCode"]?.GetValue<string>() ?? "";
        var secret = session.Account.Account.TotpSecret;
        var now = _clock.GetUtcNow();
        // One step of clock skew either way, as Proton tolerates.
        var accepted = secret is not null && new[] { -1, 0, 1 }.Any(step => Totp.Compute(secret, now + (Totp.Step * step)) == code);
        if (!accepted)
        {
            return Error(HttpStatusCode.UnprocessableEntity, 8002, "Incorrect login credentials. Please try again.");
        }

        session.SecondFactorPending = false;
        return Ok(new JsonObject { ["Scopes"] = new JsonArray("full", "vpn") });
    }

    private (HttpStatusCode, string) Refresh(System.Collections.Specialized.NameValueCollection headers, JsonObject? request)
    {
        var uid = request?["UID"]?.GetValue<string>() ?? headers["x-pm-uid"] ?? "";
        var refresh = request?["RefreshToken"]?.GetValue<string>() ?? "";
        if (!_sessions.TryGetValue(uid, out var session) || !FixedEquals(session.RefreshToken, refresh)
            || request?["GrantType"]?.GetValue<string>() != "refresh_token")
        {
            return Error(HttpStatusCode.UnprocessableEntity, 10013, "Invalid refresh token");
        }

        session.AccessToken = Token();
        session.RefreshToken = Token();
        session.AccessExpires = _clock.GetUtcNow() + AccessTokenLifetime;
        return Ok(new JsonObject
        {
            ["UID"] = session.Uid,
            ["AccessToken"] = session.AccessToken,
            ["RefreshToken"] = session.RefreshToken,
            ["TokenType"] = "Bearer",
        });
    }

    private (HttpStatusCode, string) Logout(TestSession session)
    {
        _sessions.Remove(session.Uid);
        return Ok([]);
    }

    private TestSession OpenSession(AccountRecord account)
    {
        var session = new TestSession(Token(), account)
        {
            AccessToken = Token(),
            RefreshToken = Token(),
            AccessExpires = _clock.GetUtcNow() + AccessTokenLifetime,
        };
        _sessions[session.Uid] = session;
        return session;
    }

    /// <summary>Runs <paramref name="action"/> for the session the request's x-pm-uid and bearer token name, or answers 401.</summary>
    private (HttpStatusCode, string) WithSession(
        System.Collections.Specialized.NameValueCollection headers, bool allowPending, Func<TestSession, (HttpStatusCode, string)> action)
    {
        var uid = headers["x-pm-uid"] ?? "";
        var bearer = headers["Authorization"] ?? "";
        if (!_sessions.TryGetValue(uid, out var session)
            || !FixedEquals($"Bearer {session.AccessToken}", bearer)
            || session.AccessExpires <= _clock.GetUtcNow())
        {
            return Error(HttpStatusCode.Unauthorized, 401, "Invalid access token");
        }

        if (session.SecondFactorPending && !allowPending)
        {
            return Error(HttpStatusCode.Forbidden, 9101, "Two-factor authentication is required");
        }

        return action(session);
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
