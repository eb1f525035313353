namespace Tunmux.Providers.Mullvad;

/// <summary>When a device key is due for replacement (spec.keyRotation), as a pure rule.</summary>
public static class MullvadKeyRotation
{
    /// <summary>Due when the key is at least <paramref name="interval"/> old; never without an interval.</summary>
    public static bool IsDue(MullvadDeviceState device, TimeSpan? interval, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(device);
        return interval is { } every && now - device.KeyCreatedAt >= every;
    }

    /// <summary>When the next rotation falls due, for status and `info`.</summary>
    public static DateTimeOffset? NextRotation(MullvadDeviceState device, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(device);
        return interval is { } every ? device.KeyCreatedAt + every : null;
    }
}
