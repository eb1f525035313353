using Tunmux.Core.Secrets;
using Tunmux.Providers.Storage;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// The files of one Mullvad login, in its own folder (0700, files 0600, atomic): session.json,
/// relays.json (the relay list) and selections/TUNNEL.json (each tunnel's relay).
/// </summary>
/// With <paramref name="keyring"/> the session lives in the keyring instead (<see cref="SessionSlot"/>).
public sealed class MullvadStore(string directory, ISecretSlots? keyring = null)
{
    public const string SessionFile = "session.json";
    public const string RelaysFile = "relays.json";

    private readonly SecretFileStore _files = new(directory);
    private readonly SecretFileStore _selections = new(Path.Combine(directory, "selections"));

    public string Directory => _files.Directory;

    /// <summary>Where the secrets are: the keyring, or the folder.</summary>
    public string SecretsLocation => keyring?.Location ?? Directory;

    /// <summary>True when this store holds the login's session (the file, or the keyring's marker).</summary>
    public bool HasSession => Session.Exists;

    /// <summary>The file that marks a stored login in a folder, for this kind of store.</summary>
    public static string SessionMarker(ISecretSlots? keyring) => SessionSlot.Marker(SessionFile, keyring);

    private SessionSlot Session => new(_files, keyring, SessionFile);

    public MullvadSession? LoadSession() => Session.Read(MullvadJsonContext.Default.MullvadSession);

    public void SaveSession(MullvadSession session) => Session.Write(session, MullvadJsonContext.Default.MullvadSession);

    public MullvadCachedRelays? LoadRelays() => _files.Read(RelaysFile, MullvadJsonContext.Default.MullvadCachedRelays);

    public void SaveRelays(MullvadCachedRelays relays) => _files.Write(RelaysFile, relays, MullvadJsonContext.Default.MullvadCachedRelays);

    public MullvadSelection? LoadSelection(string tunnel) => _selections.Read(tunnel + ".json", MullvadJsonContext.Default.MullvadSelection);

    /// <summary>Every tunnel's remembered choice, by tunnel name.</summary>
    public IReadOnlyList<(string Tunnel, MullvadSelection Selection)> Selections() => _selections.ReadAll(MullvadJsonContext.Default.MullvadSelection);

    public void SaveSelection(string tunnel, MullvadSelection selection) => _selections.Write(tunnel + ".json", selection, MullvadJsonContext.Default.MullvadSelection);

    public void DeleteAll()
    {
        Session.Delete();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
