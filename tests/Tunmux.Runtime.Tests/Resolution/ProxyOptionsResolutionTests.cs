using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Tests.Operations;

namespace Tunmux.Runtime.Tests.Resolution;

public sealed class ProxyOptionsResolutionTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static string ProxyWith(string extra) => TempWorkspace.Tunnel("a") + $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {"{"}name: p{"}"}
        spec:
          tunnelRef: a
        {extra}
        """;

    [Fact]
    public void Credentials_timeouts_and_limits_reach_the_desired_proxy_without_the_password()
    {
        File.WriteAllText(Path.Combine(_workspace.Root, "proxy.cred"), "alice:s3cret:with:colons\n");
        var manifests = _workspace.Manifests(ProxyWith("""
              auth: {credentialsFile: proxy.cred}
              timeouts: {connect: 3s, handshake: 1500ms, idle: 2m}
              maxConnections: 50
            """));
        manifests.Errors.Should().BeEmpty();
        var (desired, errors) = new ManifestResolver().Resolve(manifests.Objects);
        errors.Should().BeEmpty();
        var proxy = desired.Proxies.Single();
        proxy.CredentialsFile.Should().Be(Path.Combine(_workspace.Root, "proxy.cred"));
        proxy.CredentialsDigest.Should().NotBeNullOrEmpty().And.NotContain("s3cret");
        proxy.Limits.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(3));
        proxy.Limits.HandshakeTimeout.Should().Be(TimeSpan.FromMilliseconds(1500));
        proxy.Limits.IdleTimeout.Should().Be(TimeSpan.FromMinutes(2));
        proxy.Limits.MaxConnections.Should().Be(50);
    }

    [Fact]
    public void A_new_password_changes_the_spec_hash_so_the_worker_restarts()
    {
        var file = Path.Combine(_workspace.Root, "proxy.cred");
        File.WriteAllText(file, "alice:one");
        var manifests = _workspace.Manifests(ProxyWith("  auth: {credentialsFile: proxy.cred}"));
        var first = new ManifestResolver().Resolve(manifests.Objects).State.Proxies.Single().SpecHash;
        File.WriteAllText(file, "alice:two");
        new ManifestResolver().Resolve(manifests.Objects).State.Proxies.Single().SpecHash.Should().NotBe(first);
    }

    [Fact]
    public void A_malformed_credentials_file_is_refused_without_echoing_it()
    {
        File.WriteAllText(Path.Combine(_workspace.Root, "proxy.cred"), "no-colon-here-but-a-secret");
        var manifests = _workspace.Manifests(ProxyWith("  auth: {credentialsFile: proxy.cred}"));
        var (_, errors) = new ManifestResolver().Resolve(manifests.Objects);
        var error = errors.Should().ContainSingle().Subject;
        error.FieldPath.Should().Be("spec.auth.credentialsFile");
        error.Message.Should().NotContain("no-colon-here-but-a-secret");
    }

    [Fact]
    public void An_inline_password_is_refused_at_load_time()
    {
        var manifests = _workspace.Manifests(ProxyWith("  auth: {credentialsFile: proxy.cred, password: hunter2}"));
        manifests.Errors.Should().Contain(e => e.Message.Contains("credentialsFile")).And.NotContain(e => e.Message.Contains("hunter2"));
    }
}
