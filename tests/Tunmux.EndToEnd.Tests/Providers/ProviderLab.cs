using System.Globalization;
using System.Text.RegularExpressions;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Providers;

/// <summary>
/// A lab whose exits are dressed up as a VPN provider's servers: the provider test server hands
/// out an exit's endpoint and key, every exit's WireGuard server accepts the client key the
/// provider flow made (as all of a provider's servers accept an account's key), and tunmux runs
/// inside the sandbox with its own config folder, reaching the test server through a relay.
/// Disposing removes the relays, then the lab, the sandbox and the folder.
/// </summary>
internal sealed class ProviderLab : IAsyncDisposable
{
    public const int SocksPort = 1080;

    private readonly List<NamespaceRelay> _relays = [];
    private readonly Dictionary<string, string> _environment;
    private readonly IReadOnlyList<string> _serverPublicKeys;

    private ProviderLab(LabSandbox lab, IReadOnlyList<string> serverPublicKeys)
    {
        Lab = lab;
        _serverPublicKeys = serverPublicKeys;
        Directory.CreateDirectory(ConfigDir);
        _environment = new Dictionary<string, string> { ["TUNMUX_CONFIG_DIR"] = ConfigDir };
    }

    public LabSandbox Lab { get; }

    /// <summary>The address exit 1's WireGuard server listens on; what the provider lists as the server's entry IP.</summary>
    public static string EntryIp => EntryIpOf(1);

    /// <summary>Exit 1's WireGuard server key, as the provider publishes it.</summary>
    public string ServerPublicKey => ServerPublicKeyOf(1);

    /// <summary>Where tunmux keeps provider sessions; inside the sandbox's folder, so it goes with it.</summary>
    public string ConfigDir => Path.Combine(Lab.Sandbox.StateDir, "config");

    /// <summary>What tunmux needs beside the sandbox's own environment: the config folder and the provider API addresses.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>The address exit <paramref name="exit"/>'s WireGuard server listens on, and the address traffic through it leaves from.</summary>
    public static string EntryIpOf(int exit) => LabSandbox.PublicAddressOf(exit);

    public string ServerPublicKeyOf(int exit) => _serverPublicKeys[exit - 1];

    public static async Task<ProviderLab> StartAsync(int exits = 1)
    {
        var lab = await LabSandbox.StartAsync(exits);
        try
        {
            var keys = new List<string>();
            for (var exit = 1; exit <= exits; exit++)
            {
                keys.Add((await Run.ProgramAsync(["ip", "netns", "exec", lab.ExitNamespaceOf(exit), "wg", "show", lab.ServerInterfaceOf(exit), "public-key"]))
                    .EnsureSuccess("wg show public-key").Stdout.Trim());
            }

            return new ProviderLab(lab, keys);
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
    /// Lets every exit's WireGuard server accept <paramref name="publicKey"/> from the tunnel address
    /// the provider assigned, routed to the server interface: what the provider does on its own servers.
    /// </summary>
    public async Task AcceptPeerAsync(string publicKey, string address, string? presharedKey = null)
    {
        for (var exit = 1; exit <= Lab.Exits; exit++)
        {
            var (exitNamespace, serverInterface) = (Lab.ExitNamespaceOf(exit), Lab.ServerInterfaceOf(exit));
            List<string> set = ["ip", "netns", "exec", exitNamespace, "wg", "set", serverInterface, "peer", publicKey, "allowed-ips", address];
            if (presharedKey is not null)
            {
                // On standard input, as wg reads key files: never in argv.
                set.AddRange(["preshared-key", "/dev/stdin"]);
            }

            (await Run.ProgramAsync(set, stdin: presharedKey)).EnsureSuccess("wg set peer");
            (await Run.ProgramAsync(["ip", "-n", exitNamespace, "route", "replace", address, "dev", serverInterface])).EnsureSuccess("route to the peer");
        }
    }

    public Task<Run.Result> TunmuxAsync(string? stdin, params string[] args) => Lab.Sandbox.TunmuxWithAsync(_environment, stdin, args);

    /// <summary>`tunmux daemon` in the sandbox, with the same config folder and provider API addresses as the CLI.</summary>
    public Task<DaemonProcess> StartDaemonAsync(params IReadOnlyList<string> args) => DaemonProcess.StartAsync(Lab.Sandbox, _environment, args);

    /// <summary>
    /// Applies a provider tunnel named <paramref name="name"/> with a SOCKS5 proxy on <see cref="SocksPort"/>;
    /// <paramref name="applyArgs"/> go to `tunmux apply` (e.g. --wait).
    /// </summary>
    public async Task ApplyAsync(string name, string provider, string serverSelector, params string[] applyArgs)
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
        (await TunmuxAsync(null, ["apply", "-f", manifest, .. applyArgs])).EnsureSuccess("tunmux apply");
    }

    /// <summary>
    /// What the lab's whoami endpoint answers through the proxy, once the tunnel's handshake
    /// went through: the address the request left the lab from. An address, so no DNS is needed.
    /// </summary>
    public async Task<string> WhoamiThroughTheProxyAsync()
    {
        string? answer = null;
        await Eventually.ThatAsync(
            async () => (answer = await WhoamiOnceAsync(maxSeconds: 5)) is not null,
            TimeSpan.FromSeconds(60),
            "a whoami answer through the provider tunnel");
        return answer!;
    }

    /// <summary>One whoami request through the proxy; null when it got no answer in time.</summary>
    public Task<string?> WhoamiOnceAsync(int maxSeconds) =>
        Lab.CurlAsync("--socks5", $"127.0.0.1:{SocksPort.ToString(CultureInfo.InvariantCulture)}", Tunmux.Lab.LabAddresses.WhoamiUrl, maxSeconds);

    /// <summary>`tunmux status`, as the user sees it.</summary>
    public async Task<string> StatusAsync() => (await TunmuxAsync(null, "status")).EnsureSuccess("tunmux status").Stdout;

    /// <summary>A `tunmux status` table row: name, provider, then the SERVER column.</summary>
    public static string StatusRow(string name, string provider, string server) =>
        $@"(?m)^{Regex.Escape(name)}\s+{Regex.Escape(provider)}\s+{Regex.Escape(server)}\s";

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }

        await Lab.DisposeAsync();
    }
}
