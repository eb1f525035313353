using System.Globalization;
using Tunmux.Api.Model;

namespace Tunmux.Api;

/// <summary>
/// How the declared-state file keeps <see cref="ManifestObject.OwnerUid"/>: as the label
/// <see cref="Label"/> on the stored object, written only for a non-root owner. The file is read
/// as untrusted input: a missing, malformed or out-of-range value reads as root (0), the owner
/// that lets no group member change the object, so a file from before owners existed, or a
/// damaged one, never hands an object to a member. The value is only ever compared as a number.
/// </summary>
public static class DeclaredOwner
{
    /// <summary>The daemon's own label; a manifest may not set it (<see cref="ManifestValidator"/> refuses it).</summary>
    public const string Label = "tunmux.io/owner-uid";

    /// <summary>(uid_t)-1 means "no user" to the kernel, so the largest real uid is one less.</summary>
    public const uint MaxUid = uint.MaxValue - 1;

    private const int MaxDigits = 10;

    /// <summary>The object as stored: its owner as the label (none for root), any other value of the label dropped.</summary>
    public static ManifestObject ToStored(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var labels = manifest.Metadata.Labels.Where(l => l.Key != Label).ToDictionary(StringComparer.Ordinal);
        if (manifest.OwnerUid != 0)
        {
            labels[Label] = manifest.OwnerUid.ToString(CultureInfo.InvariantCulture);
        }

        return manifest with { Metadata = manifest.Metadata with { Labels = labels } };
    }

    /// <summary>The stored object with its owner read back from the label (root when there is none or it is not a uid) and the label removed.</summary>
    public static ManifestObject FromStored(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.Metadata.Labels.TryGetValue(Label, out var value))
        {
            return manifest with { OwnerUid = 0 };
        }

        var labels = manifest.Metadata.Labels.Where(l => l.Key != Label).ToDictionary(StringComparer.Ordinal);
        return manifest with { Metadata = manifest.Metadata with { Labels = labels }, OwnerUid = ParseUid(value) ?? 0 };
    }

    /// <summary>A uid written as plain decimal digits (no sign, no spaces, no leading zero) within the kernel's range; null otherwise.</summary>
    public static uint? ParseUid(string? value) =>
        value is { Length: > 0 and <= MaxDigits }
        && value.All(char.IsAsciiDigit)
        && (value.Length == 1 || value[0] != '0')
        && ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) is var uid and <= MaxUid
            ? (uint)uid
            : null;
}
