namespace Tunmux.Api.Model;

/// <summary>
/// Which provider server a tunnel uses (<c>spec.server</c>). Every field narrows the list;
/// the first server left after sorting is chosen, and kept until it must change.
/// </summary>
public sealed record ServerSelectorSpec
{
    /// <summary>An exact server, e.g. "US#1" (Proton) or "Castor" (AirVPN).</summary>
    public string? Name { get; init; }

    /// <summary>ISO 3166 alpha-2 code, e.g. "CH".</summary>
    public string? Country { get; init; }

    public string? City { get; init; }

    /// <summary>Any of p2p, streaming, secure-core, tor (Proton), owned (Mullvad).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>"free" or "paid".</summary>
    public string? Tier { get; init; }

    /// <summary>Skip servers loaded above this percentage.</summary>
    public int? MaxLoad { get; init; }

    /// <summary>score (default), load or latency.</summary>
    public string? Sort { get; init; }
}

/// <summary>
/// Which stored login a provider tunnel uses (<c>spec.account</c>): the one
/// `tunmux PROVIDER login` stored by default, a named one, or a credentials file for
/// unattended hosts (Kubernetes Secrets). Never the secret itself.
/// </summary>
public sealed record AccountSpec
{
    public string? Name { get; init; }

    public string? CredentialsFile { get; init; }
}
