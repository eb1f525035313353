namespace Tunmux.Lab;

/// <summary>What <c>lab up</c> built, for the CLI to print and tests to use.</summary>
public sealed record LabInfo(
    IReadOnlyList<LabExitInfo> Exits,
    string WhoamiUrl,
    string DnsAddress,
    string ManifestPath,
    string StatePath,
    string NetNamespace,
    string HostLink);

/// <summary>
/// One exit: <see cref="PublicAddress"/> is what the whoami endpoint answers for traffic
/// through it; <see cref="ConfigPath"/> is its wg-quick client config (mode 0600).
/// </summary>
public sealed record LabExitInfo(
    int Index,
    string Name,
    string Namespace,
    string ServerInterface,
    string PublicAddress,
    string Endpoint,
    string ServerPublicKey,
    string ConfigPath,
    int SocksPort,
    int HttpPort);
