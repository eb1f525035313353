using System.Text.RegularExpressions;
using FluentValidation;
using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>spec.server of one provider: features the provider knows, a country code, a sane load bound.</summary>
internal sealed class ServerSelectorValidator : AbstractValidator<ServerSelectorSpec>
{
    public ServerSelectorValidator(string provider)
    {
        RuleFor(s => s.Name)
            .NotEmpty()
            .When(s => s.Name is not null)
            .WithMessage("must not be empty; leave the field out to let tunmux choose")
            .OverridePropertyName("name");

        RuleFor(s => s.Country)
            .Must(country => Regex.IsMatch(country!, Schema.ProviderFields.CountryPattern))
            .When(s => s.Country is not null)
            .WithMessage(s => $"\"{s.Country}\" is not a country code: two letters (ISO 3166 alpha-2), e.g. CH")
            .OverridePropertyName("country");

        RuleFor(s => s.City)
            .NotEmpty()
            .When(s => s.City is not null)
            .WithMessage("must not be empty")
            .OverridePropertyName("city");

        var known = ProviderNames.Features.GetValueOrDefault(provider) ?? [];
        RuleFor(s => s).Custom((selector, context) =>
        {
            for (var i = 0; i < selector.Features.Count; i++)
            {
                var feature = selector.Features[i];
                if (!known.Contains(feature, StringComparer.Ordinal))
                {
                    var offered = known.Count == 0 ? "none" : string.Join(", ", known);
                    context.AddFailure($"features[{i}]", $"provider {provider} has no feature \"{feature}\"; it offers: {offered}");
                }
                else if (selector.Features.Take(i).Contains(feature, StringComparer.Ordinal))
                {
                    context.AddFailure($"features[{i}]", $"\"{feature}\" is listed twice");
                }
            }
        });

        RuleFor(s => s.Tier)
            .Null()
            .When(_ => provider != ProviderNames.Proton)
            .WithMessage($"only provider proton has free and paid servers; every {provider} server is paid")
            .OverridePropertyName("tier");

        RuleFor(s => s.MaxLoad)
            .InclusiveBetween(0, 100)
            .When(s => s.MaxLoad is not null)
            .WithMessage(s => $"{s.MaxLoad} is out of range: 0-100 (percent)")
            .OverridePropertyName("maxLoad");
    }
}
