namespace Tunmux.Core.Tests.Direct;

/// <summary>
/// Golden files under testdata/direct. UPDATE_GOLDEN=1 rewrites them in the source tree after a
/// deliberate change; review the diff.
/// </summary>
internal static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        var built = Path.Combine(AppContext.BaseDirectory, "testdata", "direct", relativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceRoot(), "testdata", "direct", relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, actual);
            Directory.CreateDirectory(Path.GetDirectoryName(built)!);
            File.WriteAllText(built, actual);
        }

        File.Exists(built).Should().BeTrue($"{relativePath} is missing; run with UPDATE_GOLDEN=1 to create it");
        actual.Should().Be(File.ReadAllText(built), $"output differs from {relativePath} (UPDATE_GOLDEN=1 rewrites it)");
    }

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
