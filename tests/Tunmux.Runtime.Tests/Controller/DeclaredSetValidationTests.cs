using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Tests.Operations;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>Every key of a pass validates the whole declared set; the same set is validated once (issue #4).</summary>
public sealed class DeclaredSetValidationTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly List<IReadOnlyList<ManifestObject>> _validated = [];
    private readonly DeclaredSetValidation _validation;

    public DeclaredSetValidationTests() => _validation = new DeclaredSetValidation(set =>
    {
        _validated.Add(set);
        return ManifestValidator.Validate(set);
    });

    public void Dispose() => _workspace.Dispose();

    private IReadOnlyList<ManifestObject> Declared(string text) => _workspace.Manifests(text).Objects;

    [Fact]
    public void The_same_objects_are_validated_once_even_in_a_new_list()
    {
        var declared = Declared(Tunnel("a") + Proxy("pa", "a"));

        _validation.Validate(declared);
        _validation.Validate(declared);
        var errors = _validation.Validate(declared.ToList());

        _validated.Should().HaveCount(1);
        errors.Should().BeEmpty();
    }

    [Fact]
    public void A_changed_object_is_validated_afresh_and_its_errors_reported()
    {
        var declared = Declared(Tunnel("a") + Proxy("pa", "a"));
        _validation.Validate(declared).Should().BeEmpty();

        var edited = declared.Select(o => o is ProxyManifest p ? p with { Spec = p.Spec with { TunnelRef = "missing" } } : o).ToList();
        var errors = _validation.Validate(edited);

        _validated.Should().HaveCount(2);
        errors.Should().ContainSingle().Which.Message.Should().Contain("missing");
    }

    [Fact]
    public void A_set_with_an_object_fewer_or_reordered_is_another_set()
    {
        var declared = Declared(Tunnel("a") + Tunnel("b"));
        _validation.Validate(declared);

        _validation.Validate([declared[0]]);
        _validation.Validate([declared[1], declared[0]]);

        _validated.Should().HaveCount(3);
    }
}
