using System.Globalization;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>
/// A one-exit lab dressed up as a VPN provider's server: the provider test server hands out the
/// exit's endpoint and key, the exit's WireGuard server accepts the client key the provider flow
/// made, and tunmux runs inside the sandbox with its own config folder, reaching the test server
/// through a relay. Disposing removes the relays, then the lab, the sandbox and the folder.
/// </summary>
internal sealed class ProviderLab : IAsyncDisposable
{
    public const int SocksPort = 1080;

    private const int Exit = 1;

    private readonly List<NamespaceRelay> _relays = [];
    private readonly Dictionary<string, string> _environment;

    private ProviderLab(LabSandbox lab, string serverPublicKey)
    {
        Lab = lab;
        ServerPublicKey = serverPublicKey;
        Directory.CreateDirectory(ConfigDir);
        _environment = new Dictionary<string, string> { ["TUNMUX_CONFIG_DIR"] = ConfigDir };
    }

    public LabSandbox Lab { get; }

    /// <summary>The address the exit's WireGuard server listens on; what the provider lists as the server's entry IP.</summary>
    public static string EntryIp => LabSandbox.PublicAddressOf(Exit);

    /// <summary>The exit's WireGuard server key, as the provider publishes it.</summary>
    public string ServerPublicKey { get; }

    /// <summary>Where tunmux keeps provider sessions; inside the sandbox's folder, so it goes with it.</summary>
    public string ConfigDir => Path.Combine(Lab.Sandbox.StateDir, "config");

    private string ExitNamespace => ExitNamespaceOf(Lab.Sandbox);

    private string ServerInterface => ServerInterfaceOf(Lab.Sandbox);

    public static async Task<ProviderLab> StartAsync()
    {
        var lab = await LabSandbox.StartAsync(exits: 1);
        try
        {
            var key = (await Run.ProgramAsync(["ip", "netns", "exec", ExitNamespaceOf(lab.Sandbox), "wg", "show", ServerInterfaceOf(lab.Sandbox), "public-key"]))
                .EnsureSuccess("wg show public-key").Stdout.Trim();
            return new ProviderLab(lab, key);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes a test server reachable from the sandbox and sets the environment variable that points tunmux at it.</summary>
    public NamespaceRelay Serve(Uri api, string variable, string? value = null)
    {
        var relay = NamespaceRelay.Start(Lab.Sandbox, api);
        _relays.Add(relay);
        _environment[variable] = value ?? api.AbsoluteUri;
        return relay;
    }

    /// <summary>
    /// Lets the exit's WireGuard server accept <paramref name="publicKey"/> from the tunnel address the
    /// provider assigned, routed to the server interface: what the provider does on its own servers.
    /// </summary>
    public async Task AcceptPeerAsync(string publicKey, string address, string? presharedKey = null)
    {
        List<string> set = ["ip", "netns", "exec", ExitNamespace, "wg", "set", ServerInterface, "peer", publicKey, "allowed-ips", address];
        if (presharedKey is not null)
        {
            // On standard input, as wg reads key files: never in argv.
            set.AddRange(["preshared-key", "/dev/stdin"]);
        }

        (await Run.ProgramAsync(set, stdin: presharedKey)).EnsureSuccess("wg set peer");
        (await Run.ProgramAsync(["ip", "-n", ExitNamespace, "route", "replace", address, "dev", ServerInterface])).EnsureSuccess("route to the peer");
    }

    public Task<Run.Result> TunmuxAsync(string? stdin, params string[] args) => Lab.Sandbox.TunmuxWithAsync(_environment, stdin, args);

    /// <summary>Applies a provider tunnel named <paramref name="name"/> with a SOCKS5 proxy on <see cref="SocksPort"/>.</summary>
    public async Task ApplyAsync(string name, string provider, string serverSelector)
    {
        var manifest = Path.Combine(Lab.Sandbox.StateDir, name + ".yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: tunmux.io/v1alpha1
            kind: Tunnel
            metadata: {"{"}name: {name}{"}"}
            spec:
              provider: {provider}
              server: {serverSelector}
            ---
            apiVersion: tunmux.io/v1alpha1
            kind: Proxy
            metadata: {"{"}name: {name}{"}"}
            spec:
              tunnelRef: {name}
              socks: {"{"}listen: "127.0.0.1:{SocksPort.ToString(CultureInfo.InvariantCulture)}"{"}"}
            """);
        (await TunmuxAsync(null, "apply", "-f", manifest)).EnsureSuccess("tunmux apply");
    }

    /// <summary>
    /// What the lab's whoami endpoint answers through the proxy, once the tunnel's handshake
    /// went through: the address the request left the lab from. An address, so no DNS is needed.
    /// </summary>
    public async Task<string> WhoamiThroughTheProxyAsync()
    {
        string? answer = null;
        await Eventually.ThatAsync(
            async () => (answer = await Lab.CurlAsync("--socks5", $"127.0.0.1:{SocksPort.ToString(CultureInfo.InvariantCulture)}", Tunmux.Lab.LabAddresses.WhoamiUrl, maxSeconds: 5)) is not null,
            TimeSpan.FromSeconds(60),
            "a whoami answer through the provider tunnel");
        return answer!;
    }

    /// <summary>`tunmux status`, as the user sees it.</summary>
    public async Task<string> StatusAsync() => (await TunmuxAsync(null, "status")).EnsureSuccess("tunmux status").Stdout;

    /// <summary>The lab's names for exit <see cref="Exit"/> (see Tunmux.Lab.LabNames).</summary>
    private static string ExitNamespaceOf(Sandbox sandbox) => sandbox.LabPrefix + "exit" + Exit.ToString(CultureInfo.InvariantCulture);

    private static string ServerInterfaceOf(Sandbox sandbox) => sandbox.LabInterfacePrefix + "s" + Exit.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }

        await Lab.DisposeAsync();
    }
}
