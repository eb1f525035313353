using Tunmux.Api;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Resolution;

namespace Tunmux.Runtime.Tests.Planning;

/// <summary>
/// Golden plans: testdata/plans/CASE/{desired.yaml, observed.json, plan.txt}, and request.json
/// when the tunnel's lifecycle asks for a recovery step (see <see cref="RequestFixture"/>). The
/// whole pure path runs (load, validate, resolve, allocate ports, plan, render). Set
/// UPDATE_GOLDEN=1 to rewrite plan.txt after a deliberate change, then review the diff.
/// </summary>
public class GoldenPlanTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "testdata", "plans");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "plan.txt")) || File.Exists(Path.Combine(d, "observed.json"))).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_matches_the_golden_file(string name)
    {
        var directory = Path.Combine(Root, name);
        var desired = RequestFixture.Apply(Path.Combine(directory, "request.json"), Resolve(Path.Combine(directory, "desired.yaml")));
        var baseline = Resolve(Path.Combine(Root, "base", "desired.yaml"));
        var observed = ObservedFixture.Read(Path.Combine(directory, "observed.json"), desired, baseline);
        var withPorts = desired with
        {
            Proxies = PortAllocator.Assign(desired.Proxies, observed.Proxies.Select(p => p.Record).ToList(), observed.HostTcpPortsInUse),
        };
        var actual = PlanRenderer.Render(Planner.Compute(withPorts, observed, PlanOptions.Default), includeUnchanged: true);

        var golden = Path.Combine(directory, "plan.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "testdata", "plans", name, "plan.txt");
            File.WriteAllText(source, actual);
            File.WriteAllText(golden, actual);
        }

        File.Exists(golden).Should().BeTrue($"{name}/plan.txt is missing; run with UPDATE_GOLDEN=1 to create it");
        actual.Should().Be(File.ReadAllText(golden));
    }

    private static Core.Model.DesiredState Resolve(string file)
    {
        var manifests = ManifestLoader.LoadPath(file);
        manifests.Errors.Should().BeEmpty();
        ManifestValidator.Validate(manifests.Objects).Should().BeEmpty();
        var (desired, errors) = new ManifestResolver().Resolve(manifests.Objects);
        errors.Should().BeEmpty();
        return desired;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
