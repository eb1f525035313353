using System.Diagnostics;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Linux.Keyring;

namespace Tunmux.EndToEnd.Tests.Desktop;

/// <summary>
/// A real Secret Service for one test: a private D-Bus session bus (dbus-daemon on a socket in a
/// temporary folder) and Debian's gnome-keyring-daemon on it, its login keyring created and
/// unlocked with a password given on standard input. Disposing stops both by PID and removes the folder.
/// </summary>
internal sealed class PrivateSecretService : IAsyncDisposable
{
    private const string KeyringPassword = "keyring test password";

    /// <summary>
    /// A session bus as the distribution's session.conf sets it up, but with no service folders: a
    /// message to a name nobody owns fails at once instead of starting the machine's
    /// gnome-keyring-daemon (which would take the name from ours and keep its files in root's home).
    /// </summary>
    private static string BusConfig(string socket) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <keep_umask/>
          <listen>unix:path={socket}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """;

    private readonly string _folder;
    private readonly Process _bus;
    private Process? _keyring;

    private PrivateSecretService(string folder, Process bus, string address)
    {
        _folder = folder;
        _bus = bus;
        Address = address;
    }

    /// <summary>DBUS_SESSION_BUS_ADDRESS of the private bus.</summary>
    public string Address { get; }

    /// <summary>
    /// The bus starts no service on demand (see <see cref="BusConfig"/>): a probe sent before our
    /// gnome-keyring-daemon owned its name once had the bus start another one (from the machine's
    /// service file, without our HOME), which took the name, so ours never could. Should ours still
    /// not claim the name in time, a fresh bus and keyring are tried; each attempt waits for the
    /// condition, never a fixed time.
    /// </summary>
    public static async Task<PrivateSecretService> StartAsync()
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync();
            }
            catch (TimeoutException) when (attempt < attempts)
            {
                // StartOnceAsync stopped that bus and keyring by PID and removed their folder; try a fresh pair.
            }
        }
    }

    private static async Task<PrivateSecretService> StartOnceAsync()
    {
        var folder = Directory.CreateTempSubdirectory("tunmux-keyring-").FullName;
        foreach (var sub in new[] { "home", "run", "data" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var config = Path.Combine(folder, "bus.conf");
        await File.WriteAllTextAsync(config, BusConfig(Path.Combine(folder, "bus")));
        var bus = Start("/usr/bin/dbus-daemon", [$"--config-file={config}", "--nofork", "--print-address=1"], new Dictionary<string, string>());
        var address = (await bus.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))?.Trim()
            ?? throw new InvalidOperationException("dbus-daemon printed no address");
        var service = new PrivateSecretService(folder, bus, address);
        try
        {
            service._keyring = Start(
                "/usr/bin/gnome-keyring-daemon",
                ["--foreground", "--unlock", "--components=secrets"],
                new Dictionary<string, string>
                {
                    ["HOME"] = Path.Combine(folder, "home"),
                    ["XDG_RUNTIME_DIR"] = Path.Combine(folder, "run"),
                    ["XDG_DATA_HOME"] = Path.Combine(folder, "data"),
                    ["DBUS_SESSION_BUS_ADDRESS"] = address,
                });
            await service._keyring.StandardInput.WriteAsync(KeyringPassword);
            service._keyring.StandardInput.Close();
            var keyringProcess = service._keyring;
            await Eventually.ThatAsync(
                async () => keyringProcess.HasExited || await service.AnswersAsync(), TimeSpan.FromSeconds(60), "gnome-keyring-daemon to own org.freedesktop.secrets");
            if (keyringProcess.HasExited)
            {
                throw new InvalidOperationException($"gnome-keyring-daemon exited {keyringProcess.ExitCode} at start");
            }

            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public Task<SecretServiceClient> ConnectAsync() => SecretServiceClient.ConnectAsync(Address);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _keyring, _bus })
        {
            if (process is null)
            {
                continue;
            }

            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = await ConnectAsync();
            return true;
        }
        catch (KeyringException)
        {
            return false;
        }
    }

    private static Process Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
    }
}
