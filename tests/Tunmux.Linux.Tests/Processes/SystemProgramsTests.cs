using Tunmux.Linux.Processes;

namespace Tunmux.Linux.Tests.Processes;

public sealed class SystemProgramsTests
{
    [Fact]
    public void A_bare_name_resolves_to_an_absolute_path_in_the_fixed_system_path()
    {
        var sh = SystemPrograms.Resolve("sh");

        sh.Should().NotBeNull().And.StartWith("/");
        SystemPrograms.SearchPath.Split(':').Should().Contain(Path.GetDirectoryName(sh)!);
    }

    [Fact]
    public void A_program_in_the_working_directory_is_never_chosen()
    {
        var folder = Directory.CreateTempSubdirectory("tunmux-programs-").FullName;
        try
        {
            var fake = Path.Combine(folder, "tunmux-fake-tool");
            File.WriteAllText(fake, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // Resolution ignores the working directory and the process's PATH alike.
            SystemPrograms.Resolve("tunmux-fake-tool").Should().BeNull();
            SystemPrograms.ResolveOrMissing("tunmux-fake-tool").Should().Be("/nonexistent/tunmux-fake-tool");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_path_is_kept_as_given()
    {
        SystemPrograms.Resolve("/usr/bin/env").Should().Be("/usr/bin/env");
    }
}
