using FluentValidation;
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

    public static IReadOnlyList<ManifestError> Validate(IReadOnlyList<ManifestObject> objects) =>
        Validate(objects, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// The loaded set with the validation errors added, all errors in file and line order. Objects stay in
    /// the set; <see cref="ManifestSet.ErrorsFor"/> tells which ones have problems.
    /// </summary>
    public static ManifestSet Validate(ManifestSet loaded)
    {
        var broken = loaded.Errors.Select(e => e.Subject).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var errors = loaded.Errors.Concat(Validate(loaded.Objects, broken));
        return loaded with { Errors = InReadingOrder(errors) };
    }

    /// <summary>Where a field of an object was written; objects built in code point at "&lt;Kind/name&gt;".</summary>
    internal static SourcePosition PositionOf(ManifestObject manifest, string path) =>
        manifest.Source?.PositionOf(path) ?? new SourcePosition($"<{manifest.KindAndName}>", 1, 1);

    private static IReadOnlyList<ManifestError> Validate(IReadOnlyList<ManifestObject> objects, IReadOnlySet<string> broken)
    {
        var errors = new List<ManifestError>();
        foreach (var manifest in objects)
        {
            var result = manifest switch
            {
                TunnelManifest tunnel => TunnelRules.Validate(tunnel),
                ProxyManifest proxy => ProxyRules.Validate(proxy),
                _ => new ValidationResult(),
            };
            errors.AddRange(result.Errors.Select(f => ToError(manifest, f)));
        }

        var setResult = new ManifestSetValidator(broken).Validate(objects);
        errors.AddRange(setResult.Errors.Select(f => ToError((ManifestObject)f.CustomState, f)));
        return InReadingOrder(errors);
    }

    private static ManifestError ToError(ManifestObject manifest, ValidationFailure failure)
    {
        var path = failure.PropertyName.TrimEnd('.');
        return new ManifestError(PositionOf(manifest, path), path, failure.ErrorMessage) { Subject = manifest.KindAndName };
    }

    private static ManifestError[] InReadingOrder(IEnumerable<ManifestError> errors) =>
        errors.OrderBy(e => e.Position.File, StringComparer.Ordinal)
            .ThenBy(e => e.Position.Line)
            .ThenBy(e => e.Position.Column)
            .ToArray();
}
