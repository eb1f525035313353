using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Runtime.Tests.Settings;

/// <summary>Where config.toml is looked for, and how a file that is missing, too big or not text is treated.</summary>
public sealed class TunmuxConfigFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tunmux-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_user_file_follows_TUNMUX_CONFIG_DIR_then_XDG_then_HOME()
    {
        TunmuxConfigFile.UserPath(Env(("TUNMUX_CONFIG_DIR", "/t/c"), ("XDG_CONFIG_HOME", "/x"), ("HOME", "/h"))).Should().Be("/t/c/config.toml");
        TunmuxConfigFile.UserPath(Env(("XDG_CONFIG_HOME", "/x"), ("HOME", "/h"))).Should().Be("/x/tunmux/config.toml");
        TunmuxConfigFile.UserPath(Env(("HOME", "/h"))).Should().Be("/h/.config/tunmux/config.toml");
    }

    [Fact]
    public void A_missing_file_means_the_defaults()
    {
        var load = TunmuxConfigFile.Load(Path.Combine(_dir, "config.toml"));

        load.Ok.Should().BeTrue();
        load.Config.Should().Be(TunmuxConfig.Default);
    }

    [Fact]
    public void A_file_is_read_through_the_parser()
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, "[proton]\ndefault_country = \"ch\"\n");

        TunmuxConfigFile.LoadUser(Env(("TUNMUX_CONFIG_DIR", _dir))).Config.Proton.DefaultCountry.Should().Be("CH");
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_unread()
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, "# " + new string('x', TunmuxConfigFile.MaxBytes));

        TunmuxConfigFile.Load(path).Errors.Should().ContainSingle().Which.Should().Be($"{path}: not a regular file of at most {TunmuxConfigFile.MaxBytes} bytes");
    }

    [Fact]
    public void A_device_is_refused_unread()
    {
        TunmuxConfigFile.Load("/dev/zero").Errors.Should().ContainSingle().Which.Should().StartWith("/dev/zero: ");
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_an_error()
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllBytes(path, [0x5b, 0xff, 0xfe, 0x5d]);

        TunmuxConfigFile.Load(path).Errors.Should().ContainSingle().Which.Should().Be($"{path}: not UTF-8 text");
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
