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

    public AirVpnSession? LoadSession() => _files.Read(SessionFile, AirVpnJsonContext.Default.AirVpnSession);

    public void SaveSession(AirVpnSession session) => _files.Write(SessionFile, session, AirVpnJsonContext.Default.AirVpnSession);

    public AirVpnCachedManifest? LoadManifest() => _files.Read(ManifestFile, AirVpnJsonContext.Default.AirVpnCachedManifest);

    public void SaveManifest(AirVpnCachedManifest manifest) => _files.Write(ManifestFile, manifest, AirVpnJsonContext.Default.AirVpnCachedManifest);

    public Web.AirVpnWebState? LoadWebState() => _files.Read(WebSessionFile, AirVpnJsonContext.Default.AirVpnWebState);

    public void SaveWebState(Web.AirVpnWebState state) => _files.Write(WebSessionFile, state, AirVpnJsonContext.Default.AirVpnWebState);

    public void DeleteWebState() => _files.Delete(WebSessionFile);

    public AirVpnSelection? LoadSelection(string tunnel) => _selections.Read(tunnel + ".json", AirVpnJsonContext.Default.AirVpnSelection);

    /// <summary>Every tunnel's remembered choice, by tunnel name.</summary>
    public IReadOnlyList<(string Tunnel, AirVpnSelection Selection)> Selections() => _selections.ReadAll(AirVpnJsonContext.Default.AirVpnSelection);

    public void SaveSelection(string tunnel, AirVpnSelection selection) => _selections.Write(tunnel + ".json", selection, AirVpnJsonContext.Default.AirVpnSelection);

    /// <summary>Logout: every file of this login goes.</summary>
    public void DeleteAll()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
