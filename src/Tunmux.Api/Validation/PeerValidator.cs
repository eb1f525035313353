using FluentValidation;
using Tunmux.Api.Model;
using Tunmux.Api.Schema;

namespace Tunmux.Api.Validation;

/// <summary>spec.wireguard.peer: who the exit talks to and what it routes there.</summary>
internal sealed class PeerValidator : AbstractValidator<WireGuardPeerSpec>
{
    public PeerValidator()
    {
        RuleFor(p => p.PublicKey)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("is required: the server's public key (base64 of 32 bytes)")
            .Must(WireGuardKey.IsValid)
            .WithMessage(p => $"\"{p.PublicKey}\" is not a WireGuard key: base64 of 32 bytes (44 characters ending in '=')")
            .OverridePropertyName("publicKey");

        RuleFor(p => p.Endpoint)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("is required: HOST:PORT or [IPV6]:PORT")
            .Must(endpoint => NetworkText.EndpointError(endpoint!) is null)
            .WithMessage((_, endpoint) => NetworkText.EndpointError(endpoint!))
            .OverridePropertyName("endpoint");

        RuleFor(p => p.AllowedIPs)
            .NotEmpty()
            .WithMessage("needs at least one CIDR (0.0.0.0/0 and ::/0 send everything through the tunnel)")
            .OverridePropertyName("allowedIPs");

        RuleForEach(p => p.AllowedIPs)
            .Must(cidr => NetworkText.CidrError(cidr) is null)
            .WithMessage((_, cidr) => NetworkText.CidrError(cidr))
            .OverridePropertyName("allowedIPs");

        RuleFor(p => p.PresharedKeyFile)
            .NotEmpty()
            .When(p => p.PresharedKeyFile is not null)
            .WithMessage("must not be empty; leave the field out when there is no preshared key")
            .OverridePropertyName("presharedKeyFile");

        RuleFor(p => p.PersistentKeepalive)
            .InclusiveBetween(ManifestLimits.MinKeepalive, ManifestLimits.MaxKeepalive)
            .When(p => p.PersistentKeepalive is not null)
            .WithMessage(p => $"{p.PersistentKeepalive} is out of range: "
                + $"{ManifestLimits.MinKeepalive}-{ManifestLimits.MaxKeepalive} seconds")
            .OverridePropertyName("persistentKeepalive");
    }
}
