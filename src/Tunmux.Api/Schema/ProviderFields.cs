using Tunmux.Api.Model;

namespace Tunmux.Api.Schema;

/// <summary>The fields of provider tunnels (Proton, AirVPN, Mullvad): spec.server and spec.account.</summary>
internal static class ProviderFields
{
    /// <summary>Two letters; the validator checks them, case does not matter.</summary>
    public const string CountryPattern = "^[A-Za-z]{2}$";

    public static readonly ObjectShape<ServerSelectorSpec> Server =
        new ObjectShape<ServerSelectorSpec>(
            "Which server of the provider to use. Every field narrows the list; the best server left is chosen "
            + "and kept until it no longer matches or goes down.",
            () => new ServerSelectorSpec())
            .Add(
                "name",
                new StringShape(),
                "An exact server, e.g. \"US#1\" (Proton), \"Castor\" (AirVPN) or \"se-got-wg-001\" (Mullvad).",
                s => s.Name,
                (s, v) => s with { Name = (string)v })
            .Add(
                "country",
                new StringShape { Pattern = CountryPattern },
                "ISO 3166 alpha-2 country code of the exit, e.g. CH.",
                s => s.Country,
                (s, v) => s with { Country = (string)v })
            .Add(
                "city",
                new StringShape(),
                "City of the exit, e.g. Zurich.",
                s => s.City,
                (s, v) => s with { City = (string)v })
            .Add(
                "features",
                new ListShape(EnumShape.OfWords([.. ProviderNames.AllFeatures])),
                "Features the server must have: p2p, streaming, secure-core, tor (Proton); owned (Mullvad).",
                s => s.Features,
                (s, v) => s with { Features = Bound.Strings(v) })
            .Add(
                "tier",
                EnumShape.OfWords("free", "paid"),
                "Proton: only free or only paid servers; any tier the account allows when left out.",
                s => s.Tier,
                (s, v) => s with { Tier = (string)v })
            .Add(
                "maxLoad",
                new IntegerShape { Minimum = 0, Maximum = 100 },
                "Skip servers loaded above this percentage.",
                s => s.MaxLoad,
                (s, v) => s with { MaxLoad = (int)v })
            .Add(
                "sort",
                EnumShape.OfWords("score", "load", "latency"),
                "How the best server is picked: score (the provider's own ranking), load or latency.",
                s => s.Sort,
                (s, v) => s with { Sort = (string)v },
                defaultValue: "score");

    public static readonly ObjectShape<AccountSpec> Account =
        new ObjectShape<AccountSpec>(
            "Which login the tunnel uses: the one `tunmux PROVIDER login` stored, or a credentials file for "
            + "unattended hosts. Never the secret itself.",
            () => new AccountSpec())
            .Add(
                "name",
                new StringShape(),
                "The stored login (the user name given to `tunmux PROVIDER login`); the default login when left out. "
                + "With credentialsFile, the login of that file is used.",
                a => a.Name,
                (a, v) => a with { Name = (string)v })
            .Add(
                "credentialsFile",
                new StringShape { IsFilePath = true },
                "A YAML or JSON file (mode 0600) with the provider's credentials, for logging in without a person; "
                + "relative to the manifest's folder.",
                a => a.CredentialsFile,
                (a, v) => a with { CredentialsFile = (string)v })
            .ForbidInlineSecret("password", "credentialsFile")
            .ForbidInlineSecret("token", "credentialsFile");
}
