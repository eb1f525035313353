using FluentValidation;
using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>Rules for one <c>kind: Tunnel</c> on its own.</summary>
internal sealed class TunnelValidator : AbstractValidator<TunnelManifest>
{
    public const string SupportedProvider = "wireguard";

    public TunnelValidator()
    {
        RuleFor(t => t.Metadata).SetValidator(new MetadataValidator()).OverridePropertyName("metadata");

        RuleFor(t => t.Spec.Provider)
            .Equal(SupportedProvider)
            .WithMessage(t => $"provider \"{t.Spec.Provider}\" is not supported yet; use {SupportedProvider}")
            .OverridePropertyName("spec.provider");

        RuleFor(t => t.Spec.Mode)
            .Equal(TunnelMode.Proxy)
            .WithMessage("mode direct is not supported yet; use proxy")
            .OverridePropertyName("spec.mode");

        RuleFor(t => t.Spec.WireGuard)
            .NotNull()
            .When(t => t.Spec.Provider == SupportedProvider)
            .WithMessage("is required for provider wireguard: configFile, or the inline fields")
            .OverridePropertyName("spec.wireguard");

        RuleFor(t => t.Spec.WireGuard!)
            .SetValidator(new WireGuardValidator())
            .When(t => t.Spec.WireGuard is not null)
            .OverridePropertyName("spec.wireguard");
    }
}
