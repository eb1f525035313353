using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Tunmux.Providers.Proton.Srp;

namespace Tunmux.Testing.TestServers.Proton;

/// <summary>
/// A stand-in for vpn-api.proton.me on 127.0.0.1: real HTTP, the real SRP server side from each
/// account's password, a modulus signed with Proton's own key, TOTP two-factor, expiring access
/// tokens with refresh, certificates for the client's Ed25519 key, the server list, logout, and
/// switchable faults. Endpoints are in the partial files beside this one.
/// </summary>
public sealed partial class ProtonTestServer : IAsyncDisposable
{
    public const string AppVersionHeader = "x-pm-appversion";

    private readonly HttpListener _listener = new();
    private readonly ManualClock _clock;
    private readonly Dictionary<string, AccountRecord> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProtonFault> _faults = new(StringComparer.Ordinal);
    private readonly TestCertificateAuthority _authority = new();
    private readonly SrpModulus _modulus = SrpModulus.FromSignedMessage(ProtonSignedModulus.ClearSigned);
    private readonly Lock _gate = new();
    private readonly Task _serving;

    private ProtonTestServer(ManualClock clock, IEnumerable<ProtonTestAccount> accounts)
    {
        _clock = clock;
        foreach (var account in accounts)
        {
            _accounts[account.Username] = AccountRecord.For(account, _modulus);
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>What /vpn/v1/logicals returns.</summary>
    public JsonArray Logicals { get; set; } = TestLogicals.Default();

    /// <summary>The clearsigned modulus /auth/v4/info hands out.</summary>
    public string SignedModulus { get; set; } = ProtonSignedModulus.ClearSigned;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Overrides the Duration the client asks for, to make certificates expire early.</summary>
    public TimeSpan? CertificateLifetime { get; set; }

    /// <summary>Answer /auth/v4 with a server proof that is not M2, as an impostor would.</summary>
    public bool ForgeServerProof { get; set; }

    /// <summary>The headers of the last request, by lower-case name.</summary>
    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    public static ProtonTestServer Start(ManualClock clock, params ProtonTestAccount[] accounts) => new(clock, accounts);

    /// <summary>Requests that reached "METHOD path", e.g. "POST auth/v4/refresh".</summary>
    public int Calls(string methodAndPath) => _calls.GetValueOrDefault(methodAndPath);

    public void Fail(string path, ProtonFault fault) => _faults[path] = fault;

    /// <summary>Ends every session server side, as a password change or "log out everywhere" does.</summary>
    public void RevokeAllSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    public int ActiveSessions
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count(s => !s.Value.SecondFactorPending);
            }
        }
    }

    /// <summary>Certificates issued so far, newest last: the fingerprint and feature they were issued with.</summary>
    public IReadOnlyList<(string Fingerprint, bool PortForwarding, DateTimeOffset Expires)> Certificates
    {
        get
        {
            lock (_gate)
            {
                return [.. _certificates];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The listener is gone; nothing more to serve.
        }

        _authority.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath.TrimStart('/');
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        LastHeaders = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!);
        _calls.AddOrUpdate($"{request.HttpMethod} {path}", 1, (_, count) => count + 1);

        var (status, reply) = Answer(request.HttpMethod, path, body, request.Headers);
        var bytes = Encoding.UTF8.GetBytes(reply);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = reply.StartsWith('{') ? "application/json" : "text/html";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }

    private (HttpStatusCode, string) Answer(string method, string path, string body, System.Collections.Specialized.NameValueCollection headers)
    {
        if (string.IsNullOrEmpty(headers[AppVersionHeader]))
        {
            return Error(HttpStatusCode.BadRequest, 5001, "Missing x-pm-appversion header");
        }

        switch (_faults.GetValueOrDefault(path))
        {
            case ProtonFault.InternalError:
                return (HttpStatusCode.InternalServerError, "<html><body>500 Internal Server Error</body></html>");
            case ProtonFault.MalformedJson:
                return (HttpStatusCode.OK, "{\"Code\": 1000, \"LogicalServers\": [ {\"Name\": ");
            case ProtonFault.HumanVerification:
                return Error(HttpStatusCode.UnprocessableEntity, 9001, "Human verification required");
        }

        JsonObject? request = null;
        if (body.Length > 0)
        {
            try
            {
                request = JsonNode.Parse(body)?.AsObject();
            }
            catch (System.Text.Json.JsonException)
            {
                return Error(HttpStatusCode.BadRequest, 2001, "Invalid JSON");
            }
        }

        lock (_gate)
        {
            return (method, path) switch
            {
                ("POST", "auth/v4/info") => AuthInfo(request),
                ("POST", "auth/v4") => Auth(request),
                ("POST", "auth/v4/2fa") => WithSession(headers, allowPending: true, session => SecondFactor(session, request)),
                ("POST", "auth/v4/refresh") => Refresh(headers, request),
                ("DELETE", "auth/v4") => WithSession(headers, allowPending: true, Logout),
                ("GET", "vpn/v2") => WithSession(headers, allowPending: false, VpnSettings),
                ("POST", "vpn/v1/certificate") => WithSession(headers, allowPending: false, session => Certificate(session, request)),
                ("GET", "vpn/v1/logicals") => string.IsNullOrEmpty(headers["x-pm-uid"])
                    ? Ok(new JsonObject { ["LogicalServers"] = Logicals.DeepClone() })
                    : WithSession(headers, allowPending: false, _ => Ok(new JsonObject { ["LogicalServers"] = Logicals.DeepClone() })),
                _ => Error(HttpStatusCode.NotFound, 2501, $"No route {method} /{path}"),
            };
        }
    }

    private static (HttpStatusCode, string) Ok(JsonObject reply)
    {
        reply["Code"] = 1000;
        return (HttpStatusCode.OK, reply.ToJsonString());
    }

    private static (HttpStatusCode, string) Error(HttpStatusCode status, int code, string message) =>
        (status, new JsonObject { ["Code"] = code, ["Error"] = message }.ToJsonString());
}
