using Tunmux.Providers.Storage;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The files of one AirVPN login, in its own folder (0700, files 0600, written atomically):
/// session.json (credentials and device keys), manifest.json (servers), web_session.json
/// (airvpn.org cookies and tokens) and selections/TUNNEL.json (each tunnel's server and device).
/// </summary>
public sealed class AirVpnStore(string directory)
{
    public const string SessionFile = "session.json";
    public const string ManifestFile = "manifest.json";
    public const string WebSessionFile = "web_session.json";

    private readonly SecretFileStore _files = new(directory);
    private readonly SecretFileStore _selections = new(Path.Combine(directory, "selections"));

    public string Directory => _files.Directory;

    public AirVpnSession? LoadSession() => _files.Read<AirVpnSession>(SessionFile, AirVpnJsonContext.Default.Options);

    public void SaveSession(AirVpnSession session) => _files.Write(SessionFile, session, AirVpnJsonContext.Default.Options);

    public AirVpnCachedManifest? LoadManifest() => _files.Read<AirVpnCachedManifest>(ManifestFile, AirVpnJsonContext.Default.Options);

    public void SaveManifest(AirVpnCachedManifest manifest) => _files.Write(ManifestFile, manifest, AirVpnJsonContext.Default.Options);

    public Web.AirVpnWebState? LoadWebState() => _files.Read<Web.AirVpnWebState>(WebSessionFile, AirVpnJsonContext.Default.Options);

    public void SaveWebState(Web.AirVpnWebState state) => _files.Write(WebSessionFile, state, AirVpnJsonContext.Default.Options);

    public void DeleteWebState() => _files.Delete(WebSessionFile);

    public AirVpnSelection? LoadSelection(string tunnel) => _selections.Read<AirVpnSelection>(tunnel + ".json", AirVpnJsonContext.Default.Options);

    /// <summary>Every tunnel's remembered choice, by tunnel name.</summary>
    public IReadOnlyList<(string Tunnel, AirVpnSelection Selection)> Selections() => _selections.ReadAll<AirVpnSelection>(AirVpnJsonContext.Default.Options);

    public void SaveSelection(string tunnel, AirVpnSelection selection) => _selections.Write(tunnel + ".json", selection, AirVpnJsonContext.Default.Options);

    /// <summary>Logout: every file of this login goes.</summary>
    public void DeleteAll()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
