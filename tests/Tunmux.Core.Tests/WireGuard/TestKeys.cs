namespace Tunmux.Core.Tests.WireGuard;

/// <summary>Well-formed WireGuard keys (32 bytes of base64) that are obviously not real.</summary>
internal static class TestKeys
{
    public static readonly string Private = Key(0x11);
    public static readonly string ServerPublic = Key(0x22);
    public static readonly string OtherPublic = Key(0x33);
    public static readonly string Preshared = Key(0x44);

    private static string Key(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());
}
