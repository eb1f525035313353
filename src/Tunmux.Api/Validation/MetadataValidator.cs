using System.Text.RegularExpressions;
using FluentValidation;
using Tunmux.Api.Loading;
using Tunmux.Api.Model;
using Tunmux.Api.Schema;

namespace Tunmux.Api.Validation;

/// <summary>metadata: a DNS-1123 name short enough for host names built from it, and Kubernetes-style labels.</summary>
internal sealed partial class MetadataValidator : AbstractValidator<ObjectMeta>
{
    public MetadataValidator()
    {
        RuleFor(m => m.Name)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("must not be empty")
            .MaximumLength(ManifestLimits.MaxNameLength)
            .WithMessage(m => $"\"{m.Name}\" is {m.Name.Length} characters long; at most {ManifestLimits.MaxNameLength}")
            .Matches(ManifestLimits.NamePattern)
            .WithMessage(m => $"\"{m.Name}\" is not a DNS-1123 label: lower-case letters, digits and '-', "
                + "starting and ending with a letter or digit")
            .OverridePropertyName("name");

        RuleFor(m => m).Custom((meta, context) =>
        {
            foreach (var (key, value) in meta.Labels)
            {
                var path = FieldPath.Child("labels", key);
                if (LabelKeyError(key) is { } keyError)
                {
                    context.AddFailure(path, keyError);
                }

                if (key == DeclaredOwner.Label)
                {
                    context.AddFailure(path, "is the daemon's record of who declared the object; a manifest may not set it");
                }

                if (value.Length > ManifestLimits.MaxLabelValueLength || (value.Length > 0 && !LabelName().IsMatch(value)))
                {
                    context.AddFailure(path,
                        $"label value \"{value}\" must be at most {ManifestLimits.MaxLabelValueLength} letters, digits, "
                        + "'-', '_' or '.', starting and ending with a letter or digit");
                }
            }
        });
    }

    private static string? LabelKeyError(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length > ManifestLimits.MaxLabelPrefixLength || !LabelPrefix().IsMatch(prefix))
            {
                return $"label key prefix \"{prefix}\" must be a lower-case DNS name (example.com/)";
            }
        }

        return name.Length is > 0 and <= ManifestLimits.MaxLabelNameLength && LabelName().IsMatch(name)
            ? null
            : $"label key \"{key}\" needs a name of 1-{ManifestLimits.MaxLabelNameLength} letters, digits, "
                + "'-', '_' or '.', starting and ending with a letter or digit";
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex LabelPrefix();
}
