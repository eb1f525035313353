using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Keys;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Testing.TestServers.Proton;

namespace Tunmux.Providers.Tests.Proton.Sessions;

/// <summary>Issue #5: SRP login against the Proton test server, with and without two-factor, and every way it fails.</summary>
public sealed class ProtonLoginTests
{
    private static async Task<ProtonSession> LoginAsync(ProtonTestbed bed, string username, string password, ITwoFactorSource? twoFactor = null)
    {
        using var client = bed.Client();
        return await new ProtonLogin(client, bed.Clock).LoginAsync(username, password, twoFactor ?? FixedTwoFactorCode.None, portForwarding: false, CancellationToken.None);
    }

    private static async Task<ProtonException> FailureOf(Func<Task> action) =>
        (await action.Should().ThrowAsync<ProtonException>()).Which;

    [Fact]
    public async Task The_right_password_gives_a_complete_session_with_a_certificate_for_the_derived_key()
    {
        await using var bed = ProtonTestbed.Start();

        var session = await LoginAsync(bed, "alice", ProtonTestbed.Password);

        session.Username.Should().Be("alice");
        session.VpnUsername.Should().Be("vpn-alice");
        session.MaxTier.Should().Be(2);
        var keys = session.Keys();
        session.WireGuardPublicKey.Should().Be(keys.WireGuard.PublicKey);
        session.Fingerprint.Should().Be(keys.Fingerprint);
        bed.Server.Certificates.Single().Fingerprint.Should().Be(keys.Fingerprint);
        session.CertificateExpires.Should().Be(ProtonCertificate.NotAfter(session.Certificate));
        session.CertificateExpires.Should().BeCloseTo(bed.Clock.GetUtcNow() + TimeSpan.FromDays(7), TimeSpan.FromSeconds(1));
        bed.Server.ActiveSessions.Should().Be(1);
    }

    [Fact]
    public async Task Requests_carry_the_proton_client_headers_and_the_session()
    {
        await using var bed = ProtonTestbed.Start();

        var session = await LoginAsync(bed, "alice", ProtonTestbed.Password);

        bed.Server.LastHeaders["x-pm-appversion"].Should().Be(ProtonClientOptions.DefaultAppVersion);
        bed.Server.LastHeaders["user-agent"].Should().Be(ProtonClientOptions.DefaultUserAgent);
        bed.Server.LastHeaders["x-pm-uid"].Should().Be(session.Uid);
        bed.Server.LastHeaders["authorization"].Should().StartWith("Bearer ");
    }

    [Theory]
    [InlineData("alice", "wrong password")]
    [InlineData("nobody", ProtonTestbed.Password)]
    public async Task A_wrong_password_or_user_is_reported_as_such(string username, string password)
    {
        await using var bed = ProtonTestbed.Start();

        var failure = await FailureOf(() => LoginAsync(bed, username, password));

        failure.Problem.Should().Be(ProtonProblem.WrongPassword);
        failure.Message.Should().Be("Proton refused the login: wrong user name or password");
        failure.Message.Should().NotContain(password);
        bed.Server.ActiveSessions.Should().Be(0);
    }

    [Fact]
    public async Task Two_factor_accounts_log_in_with_the_current_code()
    {
        await using var bed = ProtonTestbed.Start();
        var code = Totp.Compute(ProtonTestbed.TotpSecret, bed.Clock.GetUtcNow());

        var session = await LoginAsync(bed, "bob", ProtonTestbed.Password, new FixedTwoFactorCode(code));

        session.Username.Should().Be("bob");
        bed.Server.Calls("POST auth/v4/2fa").Should().Be(1);
    }

    [Fact]
    public async Task Two_factor_accounts_log_in_with_a_totp_secret_file()
    {
        await using var bed = ProtonTestbed.Start();
        var file = bed.Write("totp", $"otpauth://totp/Proton:bob?secret={ProtonTestbed.TotpSecret}&issuer=Proton\n");

        var session = await LoginAsync(bed, "bob", ProtonTestbed.Password, new TotpSecretFile(file, bed.Clock));

        session.Username.Should().Be("bob");
    }

    [Fact]
    public async Task A_missing_two_factor_code_fails_and_ends_the_half_open_session()
    {
        await using var bed = ProtonTestbed.Start();

        var failure = await FailureOf(() => LoginAsync(bed, "bob", ProtonTestbed.Password));

        failure.Problem.Should().Be(ProtonProblem.TwoFactorRequired);
        failure.Message.Should().Contain("--2fa CODE");
        bed.Server.Calls("DELETE auth/v4").Should().Be(1);
        bed.Server.Calls("GET vpn/v2").Should().Be(0);
    }

    [Fact]
    public async Task A_wrong_two_factor_code_is_reported_as_such()
    {
        await using var bed = ProtonTestbed.Start();
        var stale = Totp.Compute(ProtonTestbed.TotpSecret, bed.Clock.GetUtcNow() - TimeSpan.FromMinutes(10));

        var failure = await FailureOf(() => LoginAsync(bed, "bob", ProtonTestbed.Password, new FixedTwoFactorCode(stale)));

        failure.Problem.Should().Be(ProtonProblem.TwoFactorRejected);
        failure.Message.Should().Contain("refused the two-factor code");
        bed.Server.Calls("DELETE auth/v4").Should().Be(1);
    }

    [Fact]
    public async Task A_modulus_whose_signature_does_not_verify_is_refused_before_the_password_is_used()
    {
        await using var bed = ProtonTestbed.Start();
        bed.Server.SignedModulus = ProtonSignedModulus.Tampered;

        var failure = await FailureOf(() => LoginAsync(bed, "alice", ProtonTestbed.Password));

        failure.Problem.Should().Be(ProtonProblem.AuthenticationFailed);
        failure.Message.Should().Contain("signature");
        bed.Server.Calls("POST auth/v4").Should().Be(0);
    }

    [Fact]
    public async Task A_server_that_cannot_prove_the_verifier_is_not_trusted()
    {
        await using var bed = ProtonTestbed.Start();
        bed.Server.ForgeServerProof = true;

        var failure = await FailureOf(() => LoginAsync(bed, "alice", ProtonTestbed.Password));

        failure.Problem.Should().Be(ProtonProblem.AuthenticationFailed);
        failure.Message.Should().Contain("did not prove");
        bed.Server.Calls("GET vpn/v2").Should().Be(0);
    }

    [Fact]
    public async Task Human_verification_is_explained()
    {
        await using var bed = ProtonTestbed.Start();
        bed.Server.Fail("auth/v4", ProtonFault.HumanVerification);

        var failure = await FailureOf(() => LoginAsync(bed, "alice", ProtonTestbed.Password));

        failure.Problem.Should().Be(ProtonProblem.HumanVerification);
        failure.ApiCode.Should().Be(9001);
        failure.Message.Should().Contain("CAPTCHA");
    }

    [Fact]
    public async Task A_server_error_and_a_malformed_reply_are_told_apart()
    {
        await using var bed = ProtonTestbed.Start();

        bed.Server.Fail("auth/v4/info", ProtonFault.InternalError);
        var serverError = await FailureOf(() => LoginAsync(bed, "alice", ProtonTestbed.Password));
        bed.Server.Fail("auth/v4/info", ProtonFault.MalformedJson);
        var malformed = await FailureOf(() => LoginAsync(bed, "alice", ProtonTestbed.Password));

        serverError.Problem.Should().Be(ProtonProblem.ServerError);
        serverError.Message.Should().Contain("HTTP 500");
        malformed.Problem.Should().Be(ProtonProblem.Malformed);
        malformed.Message.Should().Contain("not the expected JSON");
    }

    [Fact]
    public async Task An_unreachable_api_is_reported_with_its_host()
    {
        var options = new ProtonClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/"), Timeout = TimeSpan.FromSeconds(5) };
        using var client = new ProtonClient(options);

        var failure = await FailureOf(() => new ProtonLogin(client).LoginAsync("alice", "x", FixedTwoFactorCode.None, false, CancellationToken.None));

        failure.Problem.Should().Be(ProtonProblem.Unreachable);
        failure.Message.Should().Be("cannot reach the Proton API at 127.0.0.1: connection refused");
    }

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    internal static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
