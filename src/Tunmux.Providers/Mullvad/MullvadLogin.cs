using Tunmux.Core.Model;
using Tunmux.Providers.Accounts;
using Tunmux.Crypto;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// `tunmux mullvad login`: check the account number, register this machine as a device with a
/// new WireGuard key (or keep the device a previous login registered), fetch the relays, and
/// only then store anything.
/// </summary>
public static class MullvadLogin
{
    public static async Task<MullvadSession> LoginAsync(MullvadApiClient api, Secret accountNumber, MullvadStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var normalized = Normalize(accountNumber);
        var (token, expiry) = await api.CreateTokenAsync(normalized, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var previous = store.LoadSession();
        MullvadDeviceState? device = null;
        if (previous is { Device: { } known } && previous.AccountNumber.Equals(normalized))
        {
            try
            {
                await api.GetDeviceAsync(token, known.Id, cancellationToken).ConfigureAwait(false);
                device = known;
            }
            catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Revoked)
            {
                // Removed on the website: register a new one below.
            }
        }

        var relays = await api.GetRelaysAsync(cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            var keys = Sodium.GenerateWireGuardKeyPair();
            var created = await api.CreateDeviceAsync(token, keys.PublicKey, cancellationToken).ConfigureAwait(false);
            device = new MullvadDeviceState
            {
                Id = created.Id,
                Name = created.Name,
                PrivateKey = keys.PrivateKey,
                PublicKey = created.PublicKey,
                Ipv4Address = created.Ipv4Address,
                Ipv6Address = created.Ipv6Address,
                KeyCreatedAt = now,
            };
        }

        var session = new MullvadSession
        {
            AccountNumber = normalized,
            AccessToken = token,
            TokenExpiry = expiry ?? now.AddHours(1),
            Device = device,
            DeviceCheckedAt = now,
        };
        store.SaveRelays(new MullvadCachedRelays(relays, now));
        store.SaveSession(session);
        return session;
    }

    /// <summary>Removes this device from the account (freeing a slot), then the local files.</summary>
    public static async Task LogoutAsync(MullvadApiClient api, MullvadStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.LoadSession() is { Device: { } device } session)
        {
            var keeper = new MullvadDeviceKeeper(api, store, time);
            try
            {
                await keeper.WithTokenAsync(session, async (token, ct) =>
                {
                    await api.DeleteDeviceAsync(token, device.Id, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Revoked)
            {
                // Already gone.
            }
        }

        store.DeleteAll();
    }

    /// <summary>Account numbers are 16 digits; people type them with spaces or dashes.</summary>
    public static Secret Normalize(Secret accountNumber)
    {
        ArgumentNullException.ThrowIfNull(accountNumber);
        var digits = new string([.. accountNumber.Reveal().Where(c => !char.IsWhiteSpace(c) && c != '-')]);
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? new Secret(digits)
            : throw new MullvadApiException("a Mullvad account number has only digits (spaces and dashes are ignored)", MullvadFailure.Refused);
    }

    /// <summary>A credentials file with `accountNumber` (or `account`).</summary>
    public static Secret FromFile(CredentialsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var number = file.Get("accountNumber", "account_number", "account-number", "account")
            ?? throw new CredentialsFileException($"{file.Path} must hold `accountNumber:` for Mullvad");
        try
        {
            return Normalize(number);
        }
        catch (MullvadApiException)
        {
            throw new CredentialsFileException($"{file.Path}: accountNumber must be digits (spaces and dashes are ignored)");
        }
    }
}
