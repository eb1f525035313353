namespace Tunmux.Core.WireGuard;

/// <summary>WireGuard keys are 32 bytes written as 44 characters of standard base64.</summary>
public static class WireGuardKeyFormat
{
    public const int KeyBytes = 32;

    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != 44)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[KeyBytes + 2];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == KeyBytes;
    }
}
