using Tunmux.Api.Model;

namespace Tunmux.Api.Tests.Support;

/// <summary>Loads YAML written in a test as if it were the file /manifests/test.yaml.</summary>
internal static class Manifests
{
    public const string File = "test.yaml";
    public const string BaseDirectory = "/manifests";

    /// <summary>A fake WireGuard key: base64 of the 32 bytes "tunmux-test-peer-public-key-FAKE".</summary>
    public const string PublicKey = "dHVubXV4LXRlc3QtcGVlci1wdWJsaWMta2V5LUZBS0U=";

    public static ManifestSet Load(string yaml) => ManifestLoader.LoadText(yaml, File, BaseDirectory);

    public static ManifestSet LoadAndValidate(string yaml) => ManifestValidator.Validate(Load(yaml));

    /// <summary>The errors of loading alone, as printed.</summary>
    public static string[] LoadErrors(string yaml) => Load(yaml).Errors.Select(e => e.ToString()).ToArray();

    /// <summary>Every error of loading and validating, as printed: "test.yaml:3:9: spec.mode: message".</summary>
    public static string[] Errors(string yaml) => LoadAndValidate(yaml).Errors.Select(e => e.ToString()).ToArray();

    /// <summary>A valid inline tunnel named <paramref name="name"/> whose spec.wireguard block can be swapped.</summary>
    public static string Tunnel(string name = "lab-1", string wireguard = DefaultWireGuard) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: {name}
        spec:
          wireguard:
        {wireguard}
        """;

    /// <summary>A tunnel named lab-1 whose spec is <paramref name="body"/> (indented by two spaces), starting on line 5.</summary>
    public static string TunnelSpec(string body) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{name: lab-1}"}
        spec:
        {body}
        """;

    public const string DefaultWireGuard = $"""
            privateKeyFile: keys/lab.key
            addresses: [10.66.0.2/32]
            peer:
              publicKey: {PublicKey}
              endpoint: vpn.example.net:51820
              allowedIPs: [0.0.0.0/0]
        """;

    public static string Proxy(string name, string tunnelRef, string extra = "") => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata:
          name: {name}
        spec:
          tunnelRef: {tunnelRef}
        {extra}
        """;
}
