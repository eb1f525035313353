using FluentValidation.Results;
using Tunmux.Api.Model;
using Tunmux.Api.Validation;

namespace Tunmux.Api;

/// <summary>
/// Checks what loading cannot: values (names, keys, CIDRs, endpoints, listen addresses, ranges) and
/// rules across objects (unique names, tunnelRef, listener collisions). Every error at once, each at
/// the file:line:column of the field it concerns.
/// </summary>
public static class ManifestValidator
{
    private static readonly TunnelValidator TunnelRules = new();
    private static readonly ProxyValidator ProxyRules = new();
    private static readonly ManifestSetValidator SetRules = new();

    public static IReadOnlyList<ManifestError> Validate(IReadOnlyList<ManifestObject> objects) =>
        InReadingOrder(Check(objects.Select(Checked.Loaded).ToArray()));

    /// <summary>
    /// The loaded set with the validation errors added, all errors in file and line order. Objects stay in
    /// the set; <see cref="ManifestSet.ErrorsFor"/> tells which ones have problems. Objects that failed to
    /// load are checked too, except for what follows from the fields that could not be read.
    /// </summary>
    public static ManifestSet Validate(ManifestSet loaded)
    {
        var subjects = loaded.Objects.Select(Checked.Loaded).Concat(loaded.Rejected.Select(Checked.From)).ToArray();
        return loaded with { Errors = InReadingOrder(loaded.Errors.Concat(Check(subjects))) };
    }

    /// <summary>Where a field of an object was written; objects built in code point at "&lt;Kind/name&gt;".</summary>
    internal static SourcePosition PositionOf(ManifestObject manifest, string path) =>
        manifest.Source?.PositionOf(path) ?? new SourcePosition($"<{manifest.KindAndName}>", 1, 1);

    private static IEnumerable<ManifestError> Check(IReadOnlyList<Checked> subjects)
    {
        var failures = new List<(ManifestObject Object, ValidationFailure Failure)>();
        foreach (var subject in subjects)
        {
            var result = subject.Object switch
            {
                TunnelManifest tunnel => TunnelRules.Validate(tunnel),
                ProxyManifest proxy => ProxyRules.Validate(proxy),
                _ => new ValidationResult(),
            };
            failures.AddRange(result.Errors.Select(f => (subject.Object, f)));
        }

        var setResult = SetRules.Validate(subjects.Select(s => s.Object).ToArray());
        failures.AddRange(setResult.Errors.Select(f => ((ManifestObject)f.CustomState, f)));

        var bySubject = subjects.ToDictionary(s => (object)s.Object, ReferenceEqualityComparer.Instance);
        foreach (var (manifest, failure) in failures)
        {
            var subject = bySubject[manifest];
            var path = failure.PropertyName.TrimEnd('.');
            if (subject.Reports(path))
            {
                yield return new ManifestError(PositionOf(manifest, path), path, failure.ErrorMessage) { Subject = subject.Subject };
            }
        }
    }

    private static ManifestError[] InReadingOrder(IEnumerable<ManifestError> errors) =>
        errors.OrderBy(e => e.Position.File, StringComparer.Ordinal)
            .ThenBy(e => e.Position.Line)
            .ThenBy(e => e.Position.Column)
            .ToArray();
}
