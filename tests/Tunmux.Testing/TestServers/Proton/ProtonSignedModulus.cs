namespace Tunmux.Testing.TestServers.Proton;

/// <summary>
/// A modulus really signed with Proton's modulus key (go-srp srp_test.go @ d323688,
/// testModulusClearSign; shared/vectors/proton/gosrp_modulus_clearsign.txt). The test server
/// hands it out, so the client verifies it with the key pinned in production, unchanged.
/// </summary>
public static class ProtonSignedModulus
{
    public const string ClearSigned = """
        -----BEGIN PGP SIGNED MESSAGE-----
        Hash: SHA256

        W2z5HBi8RvsfYzZTS7qBaUxxPhsfHJFZpu3Kd6s1JafNrCCH9rfvPLrfuqocxWPgWDH2R8neK7PkNvjxto9TStuY5z7jAzWRvFWN9cQhAKkdWgy0JY6ywVn22+HFpF4cYesHrqFIKUPDMSSIlWjBVmEJZ/MusD44ZT29xcPrOqeZvwtCffKtGAIjLYPZIEbZKnDM1Dm3q2K/xS5h+xdhjnndhsrkwm9U9oyA2wxzSXFL+pdfj2fOdRwuR5nW0J2NFrq3kJjkRmpO/Genq1UW+TEknIWAb6VzJJJA244K/H8cnSx2+nSNZO3bbo6Ys228ruV9A8m6DhxmS+bihN3ttQ==
        -----BEGIN PGP SIGNATURE-----
        Version: ProtonMail
        Comment: https://protonmail.com

        wl4EARYIABAFAlwB1j0JEDUFhcTpUY8mAAD8CgEAnsFnF4cF0uSHKkXa1GIa
        GO86yMV4zDZEZcDSJo0fgr8A/AlupGN9EdHlsrZLmTA1vhIx+rOgxdEff28N
        kvNM7qIK
        =q6vu
        -----END PGP SIGNATURE-----

        """;

    /// <summary>The same message with one modulus byte changed: its signature no longer verifies.</summary>
    public static string Tampered => ClearSigned.Replace("W2z5HBi8", "W2z5HBi9", StringComparison.Ordinal);
}
