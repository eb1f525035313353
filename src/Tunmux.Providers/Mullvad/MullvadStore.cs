using Tunmux.Providers.Storage;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// The files of one Mullvad login, in its own folder (0700, files 0600, atomic): session.json,
/// relays.json (the relay list) and selections/TUNNEL.json (each tunnel's relay).
/// </summary>
public sealed class MullvadStore(string directory)
{
    public const string SessionFile = "session.json";
    public const string RelaysFile = "relays.json";

    private readonly SecretFileStore _files = new(directory);
    private readonly SecretFileStore _selections = new(Path.Combine(directory, "selections"));

    public string Directory => _files.Directory;

    public MullvadSession? LoadSession() => _files.Read(SessionFile, MullvadJsonContext.Default.MullvadSession);

    public void SaveSession(MullvadSession session) => _files.Write(SessionFile, session, MullvadJsonContext.Default.MullvadSession);

    public MullvadCachedRelays? LoadRelays() => _files.Read(RelaysFile, MullvadJsonContext.Default.MullvadCachedRelays);

    public void SaveRelays(MullvadCachedRelays relays) => _files.Write(RelaysFile, relays, MullvadJsonContext.Default.MullvadCachedRelays);

    public MullvadSelection? LoadSelection(string tunnel) => _selections.Read(tunnel + ".json", MullvadJsonContext.Default.MullvadSelection);

    /// <summary>Every tunnel's remembered choice, by tunnel name.</summary>
    public IReadOnlyList<(string Tunnel, MullvadSelection Selection)> Selections() => _selections.ReadAll(MullvadJsonContext.Default.MullvadSelection);

    public void SaveSelection(string tunnel, MullvadSelection selection) => _selections.Write(tunnel + ".json", selection, MullvadJsonContext.Default.MullvadSelection);

    public void DeleteAll()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
