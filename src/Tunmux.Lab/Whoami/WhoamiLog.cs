namespace Tunmux.Lab.Whoami;

/// <summary>The whoami request log: appended, flushed per line, readable while the server runs.</summary>
internal sealed class WhoamiLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    public WhoamiLog(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
    }

    public void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
