using FluentValidation;
using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>Rules for one <c>kind: Proxy</c> on its own; what it shares with others is <see cref="ManifestSetValidator"/>'s.</summary>
internal sealed class ProxyValidator : AbstractValidator<ProxyManifest>
{
    public ProxyValidator()
    {
        RuleFor(p => p.Metadata).SetValidator(new MetadataValidator()).OverridePropertyName("metadata");

        RuleFor(p => p.Spec.TunnelRef)
            .NotEmpty()
            .WithMessage("must name a Tunnel")
            .OverridePropertyName("spec.tunnelRef");

        RuleFor(p => p.Spec.MaxConnections)
            .InclusiveBetween(1, 1_000_000)
            .When(p => p.Spec.MaxConnections is not null)
            .WithMessage("must be between 1 and 1000000 (default 16384)")
            .OverridePropertyName("spec.maxConnections");

        RuleFor(p => p).Custom((proxy, context) =>
        {
            CheckListener(proxy, proxy.Spec.Socks, "spec.socks.listen", context);
            CheckListener(proxy, proxy.Spec.Http, "spec.http.listen", context);
            if (proxy.Spec.Socks is { Enabled: false } && proxy.Spec.Http is { Enabled: false })
            {
                context.AddFailure("spec", "socks and http are both disabled: enable at least one");
            }
        });
    }

    private static void CheckListener(
        ProxyManifest proxy, ListenerSpec? listener, string path, ValidationContext<ProxyManifest> context)
    {
        if (listener?.Listen is not { } listen)
        {
            return;
        }

        if (!ListenAddress.TryParse(listen, out var address, out _, out var error))
        {
            context.AddFailure(path, error);
        }
        else if (!System.Net.IPAddress.IsLoopback(address) && !proxy.Spec.AllowNonLoopback)
        {
            context.AddFailure(path,
                $"{address} is not a loopback address: set allowNonLoopback: true to expose this exit to the network");
        }
    }
}
