using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests;

/// <summary>
/// Golden files under Golden/: Errors/CASE.yaml must produce CASE.errors.txt, Writer/CASE.yaml must print
/// as CASE.expected.yaml and CASE.expected.json. UPDATE_GOLDEN=1 rewrites the expectations (review the diff).
/// </summary>
public sealed class GoldenTests
{
    private static readonly string Folder = RepositoryRoot.Combine("tests", "Tunmux.Api.Tests", "Golden");

    public static TheoryData<string> ErrorCases() => new(Cases("Errors"));

    public static TheoryData<string> WriterCases() => new(Cases("Writer"));

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Errors_match_the_golden_report(string name)
    {
        var set = Load("Errors", name);

        var report = string.Concat(set.Errors.Select(e => e + "\n"));

        set.Errors.Should().NotBeEmpty();
        Compare(Path.Combine(Folder, "Errors", name + ".errors.txt"), report);
    }

    [Theory]
    [MemberData(nameof(WriterCases))]
    public void Written_yaml_and_json_match_the_golden_files(string name)
    {
        var set = Load("Writer", name);

        set.Errors.Should().BeEmpty();
        Compare(Path.Combine(Folder, "Writer", name + ".expected.yaml"), ManifestWriter.ToYaml(set.Objects));
        Compare(Path.Combine(Folder, "Writer", name + ".expected.json"), ManifestWriter.ToJson(set.Objects));
    }

    private static string[] Cases(string kind) =>
        Directory.EnumerateFiles(Path.Combine(Folder, kind), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(n => !n.EndsWith(".expected", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Loaded as /manifests/CASE.yaml so the expectations hold the same paths on every machine.</summary>
    private static Model.ManifestSet Load(string kind, string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, kind, name + ".yaml"));
        return ManifestValidator.Validate(ManifestLoader.LoadText(text, name + ".yaml", "/manifests"));
    }

    private static void Compare(string expectedFile, string actual)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedFile, actual);
        }

        File.Exists(expectedFile).Should().BeTrue($"{expectedFile} is missing: create it with UPDATE_GOLDEN=1");
        actual.Should().Be(File.ReadAllText(expectedFile), $"output differs from {expectedFile} (UPDATE_GOLDEN=1 rewrites it)");
    }
}
