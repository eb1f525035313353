using System.Runtime.InteropServices;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// How the client introduces itself to AirVPN. tunmux presents itself as Eddie 2.24.6
/// (software "EddieDesktop_2.24.6", version 296, User-Agent "Eddie/2.24.6").
/// </summary>
public sealed record AirVpnClientIdentity(string Software, string Version, string Arch, string System, string UserAgent)
{
    public const string EddieSoftware = "EddieDesktop_2.24.6";
    public const string EddieVersion = "296";
    public const string EddieUserAgent = "Eddie/2.24.6";

    public static AirVpnClientIdentity ForArchitecture(Architecture architecture)
    {
        var arch = ArchitectureName(architecture);
        return new AirVpnClientIdentity(EddieSoftware, EddieVersion, arch, $"linux_{arch}", EddieUserAgent);
    }

    public static AirVpnClientIdentity ForThisMachine() => ForArchitecture(RuntimeInformation.OSArchitecture);

    /// <summary>Eddie's names: x64, x86, arm64; anything else by its lower-case .NET name.</summary>
    public static string ArchitectureName(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "arm64",
        _ => architecture.ToString().ToLowerInvariant(),
    };
}
