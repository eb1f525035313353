using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.AirVpn;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`airvpn servers`: the cached server list, filtered and sorted the way tunnels choose.</summary>
public static class AirVpnServersCommand
{
    public static Command Build(CliContext context, AirVpnMullvadIo io)
    {
        var account = AirVpnCommand.AccountOption();
        var country = new Option<string?>("--country") { Description = "Only servers in this country (two letters, e.g. NL)." };
        var city = new Option<string?>("--city") { Description = "Only servers in this city." };
        var maxLoad = new Option<int?>("--max-load") { Description = "Only servers loaded at most this much (percent)." };
        var sort = new Option<string>("--sort") { Description = "name, score (Eddie's, pings first), load or latency.", DefaultValueFactory = _ => "name" };
        sort.AcceptOnlyFromAmong("name", "score", "load", "latency");
        var output = new Option<string?>("--output", "-o") { Description = "json (default: a table)." };
        output.AcceptOnlyFromAmong("json", "table");
        var refresh = new Option<bool>("--refresh") { Description = "Fetch the list from AirVPN first." };
        var command = new Command("servers", "List AirVPN servers with load, users and score.") { account, country, city, maxLoad, sort, output, refresh };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (AirVpnCliSupport.Open(parse, context, parse.GetValue(account)) is not var (store, session))
            {
                return ExitCodes.Failed;
            }

            var cached = store.LoadManifest();
            if (cached is null || parse.GetValue(refresh))
            {
                try
                {
                    cached = await AirVpnLogin.RefreshManifestAsync(AirVpnCliSupport.Client(parse, context), session.Credentials, store, io.Time, cancellationToken);
                }
                catch (AirVpnApiException exception)
                {
                    return AirVpnCliSupport.Report(context, exception);
                }
            }

            var selector = new ServerSelectorSpec { Country = parse.GetValue(country), City = parse.GetValue(city), MaxLoad = parse.GetValue(maxLoad) };
            var (matches, problem) = AirVpnServerChooser.Filter(cached.Manifest.Servers, selector);
            if (problem is not null)
            {
                return AirVpnMullvadShortcuts.Fail(context, problem.Message, ExitCodes.InvalidInput);
            }

            var order = parse.GetValue(sort)!;
            var mode = cached.Manifest.DefaultMode ?? new AirVpnMode("UDP", 1637, 0);
            var latencies = order is "score" or "latency"
                ? await io.Latency.MeasureAsync([.. matches.Select(s => (s.Name, s.EntryIpFor(mode) ?? ""))], cancellationToken)
                : new Dictionary<string, long>();
            var rows = order == "name"
                ? [.. matches.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)]
                : AirVpnServerChooser.Order(matches, order, latencies);
            if (parse.GetValue(output) == "json")
            {
                context.Out.WriteLine(Json(rows, latencies));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("SERVER", "COUNTRY", "LOCATION", "LOAD", "USERS", "SCORE", "PING");
            foreach (var server in rows)
            {
                long? ping = latencies.TryGetValue(server.Name, out var ms) ? ms : null;
                table.AddRow(
                    SafeText.Markup(server.Name),
                    server.CountryCode.ToUpperInvariant(),
                    SafeText.Markup(server.Location),
                    $"{AirVpnScoring.LoadPercent(server)}%",
                    $"{server.Users}/{server.UsersMax}",
                    $"{AirVpnScoring.Score(server, ping ?? 0)}",
                    ping is null ? "-" : $"{ping} ms");
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{rows.Count} servers");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Json(IEnumerable<AirVpnServer> servers, IReadOnlyDictionary<string, long> latencies)
    {
        var array = new JsonArray();
        foreach (var server in servers)
        {
            long? ping = latencies.TryGetValue(server.Name, out var ms) ? ms : null;
            array.Add((JsonNode)new JsonObject
            {
                ["name"] = server.Name,
                ["country"] = server.CountryCode.ToUpperInvariant(),
                ["location"] = server.Location,
                ["loadPercent"] = AirVpnScoring.LoadPercent(server),
                ["users"] = server.Users,
                ["usersMax"] = server.UsersMax,
                ["score"] = AirVpnScoring.Score(server, ping ?? 0),
                ["latencyMs"] = ping,
                ["entryIps"] = new JsonArray([.. server.EntryIps.Select(ip => (JsonNode?)ip)]),
            });
        }

        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
