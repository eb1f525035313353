namespace Tunmux.Api.Validation;

/// <summary>WireGuard keys are written as base64 of exactly 32 bytes.</summary>
internal static class WireGuardKey
{
    public const int Length = 32;

    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != 44)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == Length;
    }
}
