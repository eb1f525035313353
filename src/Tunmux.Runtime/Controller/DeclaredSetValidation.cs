using Tunmux.Api;
using Tunmux.Api.Model;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Validates the whole declared set (rules across objects need all of it) and keeps the answer
/// while the set holds the same objects: every key of a pass validates the same set, which made
/// validation quadratic in the number of exits. Manifest objects are immutable, so the same
/// objects in the same order are the same set; a reload makes new objects.
/// </summary>
public sealed class DeclaredSetValidation(Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestError>>? validate = null)
{
    private readonly Func<IReadOnlyList<ManifestObject>, IReadOnlyList<ManifestError>> _validate = validate ?? ManifestValidator.Validate;
    private Validated? _last;

    public IReadOnlyList<ManifestError> Validate(IReadOnlyList<ManifestObject> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (Volatile.Read(ref _last) is { } last && last.IsFor(declared))
        {
            return last.Errors;
        }

        var errors = _validate(declared);
        Volatile.Write(ref _last, new Validated([.. declared], errors));
        return errors;
    }

    private sealed record Validated(ManifestObject[] Objects, IReadOnlyList<ManifestError> Errors)
    {
        public bool IsFor(IReadOnlyList<ManifestObject> declared) =>
            declared.Count == Objects.Length && Objects.Select((o, i) => ReferenceEquals(o, declared[i])).All(same => same);
    }
}
