using Tunmux.Core.Secrets;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The files of one AirVPN login, in its own folder (0700, files 0600, written atomically):
/// session.json (credentials and device keys), manifest.json (servers), web_session.json
/// (airvpn.org cookies and tokens) and selections/TUNNEL.json (each tunnel's server and device).
/// With <paramref name="keyring"/> the two secret ones (session, web session) live in the keyring
/// instead (<see cref="SessionSlot"/>).
/// </summary>
public sealed class AirVpnStore(string directory, ISecretSlots? keyring = null)
{
    public const string SessionFile = "session.json";
    public const string ManifestFile = "manifest.json";
    public const string WebSessionFile = "web_session.json";

    private readonly SecretFileStore _files = new(directory);
    private readonly SecretFileStore _selections = new(Path.Combine(directory, "selections"));
    private SessionSlot Session => new(_files, keyring, SessionFile);

    private SessionSlot Web => new(_files, keyring, WebSessionFile);

    /// <summary>The file that marks a stored login in a folder, for this kind of store.</summary>
    public static string SessionMarker(ISecretSlots? keyring) => SessionSlot.Marker(SessionFile, keyring);

    public string Directory => _files.Directory;

    /// <summary>Where the secrets are: the keyring, or the folder.</summary>
    public string SecretsLocation => keyring?.Location ?? Directory;

    public AirVpnSession? LoadSession() => Session.Read(AirVpnJsonContext.Default.AirVpnSession);

    public void SaveSession(AirVpnSession session) => Session.Write(session, AirVpnJsonContext.Default.AirVpnSession);

    public AirVpnCachedManifest? LoadManifest() => _files.Read(ManifestFile, AirVpnJsonContext.Default.AirVpnCachedManifest);

    public void SaveManifest(AirVpnCachedManifest manifest) => _files.Write(ManifestFile, manifest, AirVpnJsonContext.Default.AirVpnCachedManifest);

    public Web.AirVpnWebState? LoadWebState() => Web.Read(AirVpnJsonContext.Default.AirVpnWebState);

    public void SaveWebState(Web.AirVpnWebState state) => Web.Write(state, AirVpnJsonContext.Default.AirVpnWebState);

    public void DeleteWebState() => Web.Delete();

    public AirVpnSelection? LoadSelection(string tunnel) => _selections.Read(tunnel + ".json", AirVpnJsonContext.Default.AirVpnSelection);

    /// <summary>Every tunnel's remembered choice, by tunnel name.</summary>
    public IReadOnlyList<(string Tunnel, AirVpnSelection Selection)> Selections() => _selections.ReadAll(AirVpnJsonContext.Default.AirVpnSelection);

    public void SaveSelection(string tunnel, AirVpnSelection selection) => _selections.Write(tunnel + ".json", selection, AirVpnJsonContext.Default.AirVpnSelection);

    /// <summary>Logout: every file of this login goes.</summary>
    public void DeleteAll()
    {
        Session.Delete();
        Web.Delete();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
