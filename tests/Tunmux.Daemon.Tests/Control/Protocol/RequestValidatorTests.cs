using Tunmux.Daemon.Control.Protocol;

namespace Tunmux.Daemon.Tests.Control.Protocol;

/// <summary>Issue #9: every field of a typed request is checked before anything acts, and a problem names its field.</summary>
public sealed class RequestValidatorTests
{
    private static readonly ManifestText Manifest = new("/home/u/lab.yaml", "kind: Tunnel\n");

    [Theory]
    [InlineData("lab.yaml")]
    [InlineData("./lab.yaml")]
    [InlineData("/home/u/../../root/secret")]
    [InlineData("/home/u/./lab.yaml")]
    [InlineData("/home//u/lab.yaml")]
    [InlineData("/home/u/")]
    [InlineData("@/root/secret")]
    [InlineData("/home/u/lab\0.yaml")]
    [InlineData("/home/u/\u001b[2Jlab.yaml")]
    [InlineData("")]
    public void A_manifest_path_that_is_not_absolute_and_normalized_is_refused(string path)
    {
        RequestValidator.Check(new ApplyRequest([Manifest with { Path = path }], [], Prune: false, DryRun: false))
            .Should().ContainSingle().Which.Should().Be("manifests[0].path: must be an absolute, normalized path without control characters");
    }

    [Theory]
    [InlineData("relative.key")]
    [InlineData("/proc/self/../../root/.ssh/id_ed25519")]
    [InlineData("@response")]
    public void A_referenced_file_path_is_checked_the_same_way(string path)
    {
        RequestValidator.Check(new DiffRequest([Manifest], [new ReferencedFile(path, "x", null)], Prune: false))
            .Should().ContainSingle().Which.Should().Be("files[0].path: must be an absolute, normalized path without control characters");
    }

    [Fact]
    public void A_referenced_file_carries_exactly_one_of_content_and_problem_within_the_limits()
    {
        RequestValidator.Check(new ApplyRequest([Manifest], [new ReferencedFile("/k", null, null)], false, false))
            .Should().Equal("files[0]: exactly one of content and problem");
        RequestValidator.Check(new ApplyRequest([Manifest], [new ReferencedFile("/k", "a", "b")], false, false))
            .Should().Equal("files[0]: exactly one of content and problem");
        RequestValidator.Check(new ApplyRequest([Manifest], [new ReferencedFile("/k", new string('k', RequestLimits.MaxFileChars + 1), null)], false, false))
            .Should().Equal($"files[0].content: at most {RequestLimits.MaxFileChars} characters");
        RequestValidator.Check(new ApplyRequest([Manifest], [new ReferencedFile("/k", null, "no\u001b[2J")], false, false))
            .Should().ContainSingle().Which.Should().StartWith("files[0].problem:");
    }

    [Fact]
    public void Counts_are_bounded()
    {
        var manifests = Enumerable.Range(0, RequestLimits.MaxManifests + 1).Select(i => Manifest with { Path = $"/m/{i}.yaml" }).ToList();
        var files = Enumerable.Range(0, RequestLimits.MaxFiles + 1).Select(i => new ReferencedFile($"/k/{i}", "k", null)).ToList();

        RequestValidator.Check(new ApplyRequest(manifests, files, false, false))
            .Should().Equal($"manifests: at most {RequestLimits.MaxManifests}", $"files: at most {RequestLimits.MaxFiles}");
        RequestValidator.Check(new ApplyRequest([], [], false, false)).Should().Equal("manifests: at least one manifest is required");
    }

    [Fact]
    public void A_well_formed_apply_passes()
    {
        RequestValidator.Check(new ApplyRequest([Manifest], [new ReferencedFile("/home/u/client.key", "key", null)], true, true)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("tunnels", "lab-1", true)]
    [InlineData("proxy", null, true)]
    [InlineData("secrets", null, false)]
    [InlineData("tunnels", "@/root/secret", false)]
    [InlineData("tunnels", "../x", false)]
    [InlineData("tunnels", "Lab", false)]
    [InlineData("tunnels", "a-name-that-is-much-longer-than-thirty-two", false)]
    public void Get_takes_a_known_kind_and_a_manifest_name(string kind, string? name, bool valid)
    {
        RequestValidator.Check(new GetRequest(kind, name)).Should().HaveCount(valid ? 0 : 1);
    }

    [Fact]
    public void Delete_needs_exactly_one_way_of_choosing()
    {
        RequestValidator.Check(new DeleteRequest([], null, [], All: false, DryRun: false))
            .Should().Equal("say what to delete: manifests, kind with names, or all (exactly one of them)");
        RequestValidator.Check(new DeleteRequest([Manifest], "tunnel", ["a"], All: true, DryRun: false))
            .Should().Contain("say what to delete: manifests, kind with names, or all (exactly one of them)");
        RequestValidator.Check(new DeleteRequest([], "tunnel", [], All: false, DryRun: false)).Should().Equal("names: name at least one object");
        RequestValidator.Check(new DeleteRequest([], null, ["a"], All: true, DryRun: false)).Should().Equal("names: only with kind");
        RequestValidator.Check(new DeleteRequest([], "proxy", ["a", "../b"], All: false, DryRun: false)).Should().ContainSingle().Which.Should().StartWith("names[1]:");
        RequestValidator.Check(new DeleteRequest([], null, [], All: true, DryRun: true)).Should().BeEmpty();
    }

    [Fact]
    public void Wait_takes_subjects_and_a_bounded_timeout()
    {
        RequestValidator.Check(new WaitRequest(["tunnel/lab-1", "proxy/lab-1"], 1000)).Should().BeEmpty();
        RequestValidator.Check(new WaitRequest([], 1000)).Should().ContainSingle().Which.Should().StartWith("subjects:");
        RequestValidator.Check(new WaitRequest(["secret/x", "tunnel/../x"], 1000)).Should().Equal(
            "subjects[0]: must be tunnel/NAME or proxy/NAME", "subjects[1]: must be tunnel/NAME or proxy/NAME");
        RequestValidator.Check(new WaitRequest(["tunnel/a"], RequestLimits.MaxWaitMilliseconds + 1)).Should().ContainSingle().Which.Should().StartWith("timeoutMilliseconds:");
        RequestValidator.Check(new WaitRequest(["tunnel/a"], -1)).Should().ContainSingle().Which.Should().StartWith("timeoutMilliseconds:");
    }
}
