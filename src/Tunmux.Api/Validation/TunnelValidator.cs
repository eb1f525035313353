using Tunmux.Core.Model;
using FluentValidation;
using Tunmux.Api.Model;

namespace Tunmux.Api.Validation;

/// <summary>Rules for one <c>kind: Tunnel</c> on its own.</summary>
internal sealed class TunnelValidator : AbstractValidator<TunnelManifest>
{
    /// <summary>Key rotation more often than this would churn the provider's device list for nothing.</summary>
    public static readonly TimeSpan MinKeyRotation = TimeSpan.FromHours(1);

    private static readonly Dictionary<string, ServerSelectorValidator> SelectorRules =
        ProviderNames.WithAccounts.ToDictionary(p => p, p => new ServerSelectorValidator(p), StringComparer.Ordinal);

    public TunnelValidator()
    {
        RuleFor(t => t.Metadata).SetValidator(new MetadataValidator()).OverridePropertyName("metadata");

        RuleFor(t => t.Spec.KillSwitch)
            .Null()
            .When(t => t.Spec.Mode != TunnelMode.Direct)
            .WithMessage("is only for mode direct: a proxy exit never carries the host's traffic")
            .OverridePropertyName("spec.killSwitch");

        RuleFor(t => t.Spec.KillSwitch!.Lockdown)
            .Equal(false)
            .When(t => t.Spec.KillSwitch is { Enabled: false })
            .WithMessage("lockdown keeps the block, so it needs enabled: true")
            .OverridePropertyName("spec.killSwitch.lockdown");

        RuleFor(t => t.Spec.Backend)
            .NotEqual(BackendKind.WgQuick)
            .When(t => t.Spec.Mode != TunnelMode.Direct)
            .WithMessage("wg-quick is for mode direct only: it routes the host's traffic; a proxy exit uses auto, kernel or userspace")
            .OverridePropertyName("spec.backend");

        RuleFor(t => t.Spec.PortForwarding)
            .Equal(false)
            .When(t => t.Spec.Mode == TunnelMode.Direct)
            .WithMessage("is not supported in mode direct yet")
            .OverridePropertyName("spec.portForwarding");

        // A plain WireGuard tunnel may forward too: Proton offers its configurations for download
        // with NAT-PMP turned on. AirVPN forwards through its account's port list, Mullvad not at all.
        RuleFor(t => t.Spec.PortForwarding)
            .Equal(false)
            .When(t => t.Spec.Provider is not (ProviderNames.Proton or ProviderNames.WireGuard))
            .WithMessage(t => $"provider {t.Spec.Provider} does not forward ports through tunmux; proton does "
                + "(and wireguard, for a Proton configuration with NAT-PMP on)")
            .OverridePropertyName("spec.portForwarding");

        RuleFor(t => t.Spec.PortForwardingHook)
            .Empty()
            .When(t => !t.Spec.PortForwarding)
            .WithMessage("runs when the forwarded port changes, so it needs spec.portForwarding: true")
            .OverridePropertyName("spec.portForwardingHook");

        RuleFor(t => t.Spec.PortForwardingHook[0])
            .Must(program => Path.IsPathFullyQualified(program))
            .When(t => t.Spec.PortForwarding && t.Spec.PortForwardingHook.Count > 0)
            .WithMessage(t => $"\"{t.Spec.PortForwardingHook[0]}\" is not an absolute path: the hook runs without a shell "
                + "or search path, e.g. /usr/local/bin/port-changed")
            .OverridePropertyName("spec.portForwardingHook[0]");

        When(t => t.Spec.Provider == ProviderNames.WireGuard, PlainWireGuardRules);
        When(t => ProviderNames.HasAccounts(t.Spec.Provider), AccountProviderRules);

        RuleFor(t => t.Spec.WireGuard!)
            .SetValidator(new WireGuardValidator())
            .When(t => t.Spec.WireGuard is not null && t.Spec.Provider == ProviderNames.WireGuard)
            .OverridePropertyName("spec.wireguard");

        RuleFor(t => t.Spec.Health!)
            .SetValidator(new HealthValidator())
            .When(t => t.Spec.Health is not null)
            .OverridePropertyName("spec.health");
    }

    private void PlainWireGuardRules()
    {
        const string onlyForAccounts = "is only for provider tunnels (proton, airvpn, mullvad); "
            + "a wireguard tunnel names its server in spec.wireguard";

        RuleFor(t => t.Spec.WireGuard)
            .NotNull()
            .WithMessage("is required for provider wireguard: configFile, or the inline fields")
            .OverridePropertyName("spec.wireguard");
        RuleFor(t => t.Spec.Server).Null().WithMessage(onlyForAccounts).OverridePropertyName("spec.server");
        RuleFor(t => t.Spec.Account).Null().WithMessage(onlyForAccounts).OverridePropertyName("spec.account");
        RuleFor(t => t.Spec.KeyRotation).Null().WithMessage(onlyForAccounts).OverridePropertyName("spec.keyRotation");
    }

    private void AccountProviderRules()
    {
        RuleFor(t => t.Spec.WireGuard)
            .Null()
            .WithMessage(t => $"is only for provider wireguard; provider {t.Spec.Provider} gets its keys from the account "
                + "and picks its server with spec.server")
            .OverridePropertyName("spec.wireguard");

        RuleFor(t => t).Custom((tunnel, context) =>
        {
            if (tunnel.Spec.Server is not { } server)
            {
                return;
            }

            foreach (var failure in SelectorRules[tunnel.Spec.Provider].Validate(server).Errors)
            {
                context.AddFailure(Child("spec.server", failure.PropertyName), failure.ErrorMessage);
            }
        });

        RuleFor(t => t.Spec.Account!.Name)
            .NotEmpty()
            .When(t => t.Spec.Account?.Name is not null)
            .WithMessage("must not be empty; leave the field out for the default login")
            .OverridePropertyName("spec.account.name");

        RuleFor(t => t.Spec.Account!.CredentialsFile)
            .NotEmpty()
            .When(t => t.Spec.Account?.CredentialsFile is not null)
            .WithMessage("must not be empty")
            .OverridePropertyName("spec.account.credentialsFile");

        RuleFor(t => t.Spec.KeyRotation)
            .Must(rotation => rotation >= MinKeyRotation)
            .When(t => t.Spec.KeyRotation is not null)
            .WithMessage(t => $"{GoDuration.Format(t.Spec.KeyRotation!.Value)} is too short: at least "
                + $"{GoDuration.Format(MinKeyRotation)}")
            .OverridePropertyName("spec.keyRotation");
    }

    private static string Child(string parent, string path) => path.Length == 0 ? parent : $"{parent}.{path}";
}
