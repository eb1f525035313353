namespace Tunmux.Core.Model;

/// <summary>
/// The proxy credentials file format: one line "username:password" (the password may hold
/// colons). Parsing never echoes the content in its error, which is a password.
/// </summary>
public static class CredentialsLine
{
    public const int MaxPartBytes = 255; // RFC 1929 length fields are one byte

    public static bool TryParse(string text, out string userName, out Secret password, out string problem)
    {
        userName = "";
        password = new Secret("");
        var line = text.Trim();
        var colon = line.IndexOf(':');
        if (line.Contains('\n') || colon < 1 || colon == line.Length - 1 || colon > MaxPartBytes || line.Length - colon - 1 > MaxPartBytes)
        {
            problem = $"must hold one line \"username:password\" (each 1 to {MaxPartBytes} bytes)";
            return false;
        }

        userName = line[..colon];
        password = new Secret(line[(colon + 1)..]);
        problem = "";
        return true;
    }
}
