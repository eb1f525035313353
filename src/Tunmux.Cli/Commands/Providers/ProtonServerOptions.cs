using System.CommandLine;
using Tunmux.Api.Model;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>The server filters `proton servers` and `proton connect` share, as a manifest's spec.server.</summary>
public sealed class ProtonServerOptions
{
    public Option<string?> Country { get; } = new("--country") { Description = "Exit country (two letters, e.g. CH)." };

    public Option<string?> City { get; } = new("--city") { Description = "Exit city." };

    public Option<bool> P2p { get; } = new("--p2p") { Description = "Only servers that allow P2P." };

    public Option<bool> Streaming { get; } = new("--streaming") { Description = "Only streaming servers." };

    public Option<bool> SecureCore { get; } = new("--secure-core") { Description = "Only Secure Core servers (left out otherwise)." };

    public Option<bool> Tor { get; } = new("--tor") { Description = "Only Tor servers (left out otherwise)." };

    public Option<bool> Free { get; } = new("--free") { Description = "Only free servers." };

    public Option<bool> Paid { get; } = new("--paid") { Description = "Only paid servers." };

    public Option<int?> MaxLoad { get; } = new("--max-load") { Description = "Skip servers loaded above this percentage." };

    public Option<string?> Sort { get; } = new("--sort") { Description = "score (default), load, latency or name." };

    public ProtonServerOptions(bool allowNameSort)
    {
        if (allowNameSort)
        {
            Sort.AcceptOnlyFromAmong("score", "load", "latency", "name");
        }
        else
        {
            Sort.AcceptOnlyFromAmong("score", "load", "latency");
        }
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in new Option[] { Country, City, P2p, Streaming, SecureCore, Tor, Free, Paid, MaxLoad, Sort })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The selector these flags describe ("name" sorting is left to the caller).</summary>
    public ServerSelectorSpec Selector(ParseResult parse, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var features = new List<string>();
        AddIf(parse.GetValue(P2p), "p2p");
        AddIf(parse.GetValue(Streaming), "streaming");
        AddIf(parse.GetValue(SecureCore), "secure-core");
        AddIf(parse.GetValue(Tor), "tor");
        return new ServerSelectorSpec
        {
            Name = name,
            Country = parse.GetValue(Country)?.ToUpperInvariant(),
            City = parse.GetValue(City),
            Features = features,
            Tier = parse.GetValue(Free) ? "free" : parse.GetValue(Paid) ? "paid" : null,
            MaxLoad = parse.GetValue(MaxLoad),
            Sort = parse.GetValue(Sort) is "name" ? null : parse.GetValue(Sort),
        };

        void AddIf(bool set, string feature)
        {
            if (set)
            {
                features.Add(feature);
            }
        }
    }
}
