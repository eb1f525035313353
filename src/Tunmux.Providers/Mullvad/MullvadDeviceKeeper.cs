using Tunmux.Core.Model;
using Tunmux.Crypto;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// Keeps a Mullvad login usable without a person: fresh access tokens, a registered device,
/// its key replaced on schedule, and a new device when the old one was revoked. A key is
/// written down as pending before Mullvad is told about it, so a crash in between is settled
/// on the next run instead of leaving a key nobody has.
/// </summary>
public sealed class MullvadDeviceKeeper(MullvadApiClient api, MullvadStore store, TimeProvider time)
{
    /// <summary>A token this close to expiry is replaced before use.</summary>
    public static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(2);

    /// <summary>How often Mullvad is asked whether the device still exists.</summary>
    public static readonly TimeSpan DeviceCheckInterval = TimeSpan.FromHours(12);

    public async Task<MullvadSession> EnsureDeviceAsync(MullvadSession session, TimeSpan? rotation, bool mayRotate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session = await SettlePendingAsync(session, cancellationToken).ConfigureAwait(false);
        if (session.PendingKey is not null)
        {
            // Mullvad could not be asked: keep the current key until it can.
            return session;
        }

        if (session.Device is not { } device)
        {
            return await RegisterAsync(session, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        try
        {
            if (mayRotate && MullvadKeyRotation.IsDue(device, rotation, now))
            {
                return await RotateAsync(session, device, cancellationToken).ConfigureAwait(false);
            }

            if (session.DeviceCheckedAt is null || now - session.DeviceCheckedAt >= DeviceCheckInterval)
            {
                await WithTokenAsync(session, (token, ct) => api.GetDeviceAsync(token, device.Id, ct), cancellationToken).ConfigureAwait(false);
                session = (store.LoadSession() ?? session) with { DeviceCheckedAt = now };
                store.SaveSession(session);
            }

            return session;
        }
        catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Revoked)
        {
            return await RegisterAsync((store.LoadSession() ?? session) with { Device = null, PendingKey = null }, cancellationToken).ConfigureAwait(false);
        }
        catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Unreachable)
        {
            // The device was fine when last seen; the check waits for the next run.
            return store.LoadSession() ?? session;
        }
    }

    /// <summary>Registers a new device with a new key (login, or after a revocation).</summary>
    public async Task<MullvadSession> RegisterAsync(MullvadSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var keys = Sodium.GenerateWireGuardKeyPair();
        var now = time.GetUtcNow();
        var pending = session with { PendingKey = new MullvadPendingKey(keys.PrivateKey, keys.PublicKey, now) };
        store.SaveSession(pending);
        MullvadDevice device;
        try
        {
            device = await WithTokenAsync(pending, (token, ct) => api.CreateDeviceAsync(token, keys.PublicKey, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (MullvadApiException exception) when (exception.Failure != MullvadFailure.Unreachable)
        {
            // Mullvad said no: the key was not taken, forget it.
            store.SaveSession((store.LoadSession() ?? pending) with { PendingKey = null });
            throw;
        }

        var registered = (store.LoadSession() ?? pending) with { Device = State(device, keys.PrivateKey, now), PendingKey = null, DeviceCheckedAt = now };
        store.SaveSession(registered);
        return registered;
    }

    /// <summary>A fresh access token when the stored one is missing or about to expire; the session is saved with it.</summary>
    public async Task<(MullvadSession Session, Secret Token)> TokenAsync(MullvadSession session, bool forceNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!forceNew && session.AccessToken is { } current && session.TokenExpiry is { } expiry && expiry - time.GetUtcNow() > TokenMargin)
        {
            return (session, current);
        }

        var (token, newExpiry) = await api.CreateTokenAsync(session.AccountNumber, cancellationToken).ConfigureAwait(false);
        var updated = session with { AccessToken = token, TokenExpiry = newExpiry ?? time.GetUtcNow().AddHours(1) };
        if (File.Exists(Path.Combine(store.Directory, MullvadStore.SessionFile)))
        {
            updated = (store.LoadSession() ?? updated) with { AccessToken = token, TokenExpiry = updated.TokenExpiry };
            store.SaveSession(updated);
        }

        return (updated, token);
    }

    /// <summary>Runs an authenticated call, getting a new token once if Mullvad rejects the stored one.</summary>
    public async Task<T> WithTokenAsync<T>(MullvadSession session, Func<Secret, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (_, token) = await TokenAsync(session, forceNew: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(token, cancellationToken).ConfigureAwait(false);
        }
        catch (MullvadApiException exception) when (exception.Code is MullvadApi.InvalidAccessToken or MullvadApi.InvalidAuth)
        {
            (_, token) = await TokenAsync(session, forceNew: true, cancellationToken).ConfigureAwait(false);
            return await call(token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<MullvadSession> RotateAsync(MullvadSession session, MullvadDeviceState device, CancellationToken cancellationToken)
    {
        var keys = Sodium.GenerateWireGuardKeyPair();
        var now = time.GetUtcNow();
        var pending = session with { PendingKey = new MullvadPendingKey(keys.PrivateKey, keys.PublicKey, now) };
        store.SaveSession(pending);
        MullvadDevice replaced;
        try
        {
            replaced = await WithTokenAsync(pending, (token, ct) => api.ReplaceKeyAsync(token, device.Id, keys.PublicKey, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Unreachable)
        {
            // Did Mullvad take it? The next run asks; until then the old key stays in use.
            return store.LoadSession() ?? pending;
        }
        catch (MullvadApiException exception) when (exception.Failure != MullvadFailure.Revoked)
        {
            store.SaveSession((store.LoadSession() ?? pending) with { PendingKey = null });
            throw;
        }

        var rotated = (store.LoadSession() ?? pending) with { Device = State(replaced, keys.PrivateKey, now), PendingKey = null, DeviceCheckedAt = now };
        store.SaveSession(rotated);
        return rotated;
    }

    /// <summary>Finds out whether Mullvad took a pending key and keeps whichever key is live.</summary>
    private async Task<MullvadSession> SettlePendingAsync(MullvadSession session, CancellationToken cancellationToken)
    {
        if (session.PendingKey is not { } pending)
        {
            return session;
        }

        try
        {
            MullvadDevice? live;
            if (session.Device is { } device)
            {
                live = await WithTokenAsync(session, (token, ct) => api.GetDeviceAsync(token, device.Id, ct), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var devices = await WithTokenAsync(session, (token, ct) => api.ListDevicesAsync(token, ct), cancellationToken).ConfigureAwait(false);
                live = devices.FirstOrDefault(d => d.PublicKey == pending.PublicKey);
            }

            var now = time.GetUtcNow();
            var settled = (store.LoadSession() ?? session) with
            {
                PendingKey = null,
                Device = live is not null && live.PublicKey == pending.PublicKey ? State(live, pending.PrivateKey, pending.CreatedAt) : session.Device,
                DeviceCheckedAt = now,
            };
            store.SaveSession(settled);
            return settled;
        }
        catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Unreachable)
        {
            return session;
        }
        catch (MullvadApiException exception) when (exception.Failure == MullvadFailure.Revoked)
        {
            var cleared = (store.LoadSession() ?? session) with { Device = null, PendingKey = null };
            store.SaveSession(cleared);
            return cleared;
        }
    }

    private static MullvadDeviceState State(MullvadDevice device, Secret privateKey, DateTimeOffset keyCreatedAt) => new()
    {
        Id = device.Id,
        Name = device.Name,
        PrivateKey = privateKey,
        PublicKey = device.PublicKey,
        Ipv4Address = device.Ipv4Address,
        Ipv6Address = device.Ipv6Address,
        KeyCreatedAt = keyCreatedAt,
    };
}
