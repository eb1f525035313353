using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.Mullvad;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`mullvad servers`: active WireGuard relays, filtered and sorted the way tunnels choose.</summary>
public static class MullvadServersCommand
{
    public static Command Build(CliContext context, AirVpnMullvadIo io)
    {
        var account = MullvadCliSupport.AccountOption();
        var country = new Option<string?>("--country") { Description = "Only relays in this country (two letters, e.g. SE)." };
        var city = new Option<string?>("--city") { Description = "Only relays in this city (name or code, e.g. Gothenburg or got)." };
        var owned = new Option<bool>("--owned") { Description = "Only relays on hardware Mullvad owns." };
        var sort = new Option<string>("--sort") { Description = "name, score (Mullvad's weight) or latency.", DefaultValueFactory = _ => "name" };
        sort.AcceptOnlyFromAmong("name", "score", "latency");
        var output = new Option<string?>("--output", "-o") { Description = "json (default: a table)." };
        output.AcceptOnlyFromAmong("json", "table");
        var refresh = new Option<bool>("--refresh") { Description = "Fetch the relay list from Mullvad first." };
        var command = new Command("servers", "List Mullvad WireGuard relays.") { account, country, city, owned, sort, output, refresh };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (MullvadCliSupport.Open(parse, context, parse.GetValue(account)) is not var (store, _))
            {
                return ExitCodes.Failed;
            }

            var cached = store.LoadRelays();
            if (cached is null || parse.GetValue(refresh))
            {
                try
                {
                    cached = new MullvadCachedRelays(await MullvadCliSupport.Client(parse, context).GetRelaysAsync(cancellationToken), io.Time.GetUtcNow());
                    store.SaveRelays(cached);
                }
                catch (MullvadApiException exception)
                {
                    return MullvadCliSupport.Report(context, exception);
                }
            }

            var selector = new ServerSelectorSpec { Country = parse.GetValue(country), City = parse.GetValue(city), Features = parse.GetValue(owned) ? ["owned"] : [] };
            var (matches, problem) = MullvadRelayChooser.Filter(cached.Relays.Relays, selector);
            if (problem is not null)
            {
                return AirVpnMullvadShortcuts.Fail(context, problem.Message, ExitCodes.InvalidInput);
            }

            var order = parse.GetValue(sort)!;
            var latencies = order == "latency"
                ? await io.Latency.MeasureAsync([.. matches.Select(r => (r.Hostname, r.Ipv4AddressIn))], cancellationToken)
                : new Dictionary<string, long>();
            var rows = order == "name" ? [.. matches.OrderBy(r => r.Hostname, StringComparer.Ordinal)] : MullvadRelayChooser.Order(matches, order, latencies);
            if (parse.GetValue(output) == "json")
            {
                var array = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["hostname"] = r.Hostname,
                    ["country"] = r.CountryCode.ToUpperInvariant(),
                    ["city"] = r.City,
                    ["owned"] = r.Owned,
                    ["provider"] = r.Provider,
                    ["ipv4"] = r.Ipv4AddressIn,
                    ["weight"] = r.Weight,
                    ["latencyMs"] = latencies.TryGetValue(r.Hostname, out var ms) ? ms : null,
                })]);
                context.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("RELAY", "COUNTRY", "CITY", "OWNED", "PROVIDER", "PING");
            foreach (var relay in rows)
            {
                table.AddRow(
                    SafeText.Markup(relay.Hostname),
                    relay.CountryCode.ToUpperInvariant(),
                    SafeText.Markup(relay.City),
                    relay.Owned ? "yes" : "no",
                    SafeText.Markup(relay.Provider),
                    latencies.TryGetValue(relay.Hostname, out var ping) ? $"{ping} ms" : "-");
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{rows.Count} relays");
            return ExitCodes.Success;
        });
        return command;
    }
}
