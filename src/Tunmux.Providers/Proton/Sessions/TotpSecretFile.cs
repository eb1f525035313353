using Tunmux.Api.Files;
using Tunmux.Providers.Proton.Client;

namespace Tunmux.Providers.Proton.Sessions;

/// <summary>Two-factor codes computed from a TOTP secret file (for hosts without a person).</summary>
public sealed class TotpSecretFile(string path, TimeProvider? time = null) : ITwoFactorSource
{
    public Task<string?> GetCodeAsync(CancellationToken cancellationToken)
    {
        string secret;
        try
        {
            secret = ReferencedFile.ReadAllText(path).Trim();
        }
        catch (ReferencedFileException exception)
        {
            throw new ProtonException(ProtonProblem.TwoFactorRequired, $"cannot read the TOTP secret file {path}: {exception.Message}", inner: exception);
        }

        // An otpauth:// URI holds the secret as a query parameter; a bare secret is used as is.
        if (secret.StartsWith("otpauth://", StringComparison.OrdinalIgnoreCase))
        {
            var query = secret[(secret.IndexOf('?', StringComparison.Ordinal) + 1)..];
            secret = query.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Equals("secret", StringComparison.OrdinalIgnoreCase)) is { Length: 2 } pair
                ? Uri.UnescapeDataString(pair[1])
                : "";
        }

        try
        {
            return Task.FromResult<string?>(Totp.Compute(secret, (time ?? TimeProvider.System).GetUtcNow()));
        }
        catch (FormatException exception)
        {
            throw new ProtonException(ProtonProblem.TwoFactorRequired, $"the TOTP secret file {path} does not hold a base32 secret", inner: exception);
        }
    }
}
