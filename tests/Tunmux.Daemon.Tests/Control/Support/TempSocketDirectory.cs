namespace Tunmux.Daemon.Tests.Control.Support;

/// <summary>A fresh directory under /tmp for one test's socket (short path: sun_path holds 107 bytes), removed afterwards.</summary>
internal sealed class TempSocketDirectory : IDisposable
{
    public TempSocketDirectory()
    {
        Path = Directory.CreateTempSubdirectory("tmxctl-").FullName;
    }

    public string Path { get; }

    public string SocketPath => System.IO.Path.Combine(Path, "ctl.sock");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
