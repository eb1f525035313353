using FluentValidation;
using Tunmux.Api.Model;
using Tunmux.Api.Schema;

namespace Tunmux.Api.Validation;

/// <summary>spec.wireguard: either a wg-quick file or the inline fields, never both.</summary>
internal sealed class WireGuardValidator : AbstractValidator<WireGuardSpec>
{
    public WireGuardValidator()
    {
        RuleFor(w => w).Custom((spec, context) =>
        {
            var inline = InlineFields(spec);
            if (spec.ConfigFile is not null && inline.Count > 0)
            {
                context.AddFailure("configFile",
                    $"configFile excludes the inline fields ({string.Join(", ", inline)}): use one or the other");
            }
            else if (spec.ConfigFile is null && inline.Count == 0)
            {
                context.AddFailure("", "needs configFile, or the inline fields (privateKeyFile, addresses, peer or peers)");
            }
        });

        RuleFor(w => w.ConfigFile)
            .NotEmpty()
            .When(w => w.ConfigFile is not null)
            .WithMessage("must not be empty")
            .OverridePropertyName("configFile");

        When(w => w.ConfigFile is null && InlineFields(w).Count > 0, () =>
        {
            RuleFor(w => w.PrivateKeyFile)
                .NotEmpty()
                .WithMessage("is required: a file holding the private key (mode 0600)")
                .OverridePropertyName("privateKeyFile");
            RuleFor(w => w.Addresses)
                .NotEmpty()
                .WithMessage("needs at least one address of the tunnel interface, e.g. 10.66.0.2/32")
                .OverridePropertyName("addresses");
            RuleFor(w => w.Peer)
                .NotNull()
                .When(w => w.Peers.Count == 0)
                .WithMessage("is required: the server's publicKey, endpoint and allowedIPs")
                .OverridePropertyName("peer");
        });

        RuleFor(w => w.Peers)
            .Empty()
            .When(w => w.Peer is not null)
            .WithMessage("peer and peers exclude each other: list every server under peers")
            .OverridePropertyName("peers");

        RuleForEach(w => w.Addresses)
            .Must(cidr => NetworkText.CidrError(cidr) is null)
            .WithMessage((_, cidr) => NetworkText.CidrError(cidr))
            .OverridePropertyName("addresses");

        RuleForEach(w => w.Dns)
            .Must(dns => NetworkText.TryParseIp(dns, out _))
            .WithMessage((_, dns) => $"\"{dns}\" is not an IP address: dns lists name server addresses")
            .OverridePropertyName("dns");

        RuleFor(w => w.Mtu)
            .InclusiveBetween(ManifestLimits.MinMtu, ManifestLimits.MaxMtu)
            .When(w => w.Mtu is not null)
            .WithMessage(w => $"{w.Mtu} is out of range: {ManifestLimits.MinMtu}-{ManifestLimits.MaxMtu}")
            .OverridePropertyName("mtu");

        RuleFor(w => w.Peer!)
            .SetValidator(new PeerValidator())
            .When(w => w.Peer is not null)
            .OverridePropertyName("peer");

        RuleForEach(w => w.Peers)
            .SetValidator(new PeerValidator())
            .OverridePropertyName("peers");
    }

    /// <summary>The inline fields that are set, by their YAML names.</summary>
    private static List<string> InlineFields(WireGuardSpec spec)
    {
        var set = new List<string>();
        if (spec.PrivateKeyFile is not null)
        {
            set.Add("privateKeyFile");
        }

        if (spec.Addresses.Count > 0)
        {
            set.Add("addresses");
        }

        if (spec.Dns.Count > 0)
        {
            set.Add("dns");
        }

        if (spec.Mtu is not null)
        {
            set.Add("mtu");
        }

        if (spec.Peer is not null)
        {
            set.Add("peer");
        }

        if (spec.Peers.Count > 0)
        {
            set.Add("peers");
        }

        return set;
    }
}
