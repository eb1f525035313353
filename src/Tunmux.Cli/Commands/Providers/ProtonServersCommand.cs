using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Servers;
using Tunmux.Providers.Proton.Sessions;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`proton servers`: the server list (cached for an hour), filtered and sorted the way connect and tunnels choose.</summary>
public static class ProtonServersCommand
{
    public static Command Build(CliContext context, ProtonIo io)
    {
        var account = ProtonCliSupport.AccountOption();
        var filters = new ProtonServerOptions(allowNameSort: true);
        var output = new Option<string?>("--output", "-o") { Description = "json (default: a table)." };
        output.AcceptOnlyFromAmong("json", "table");
        var refresh = new Option<bool>("--refresh") { Description = "Fetch the list from Proton even when the cached one is fresh." };
        var command = new Command("servers", "List Proton servers with country, city, tier, load and score.") { account, output, refresh };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The list needs no login; with one, servers above the plan's tier are left out.
            var store = ProtonCliSupport.Store(context);
            var session = store.LoadSession(parse.GetValue(account));
            using var handle = session is null ? null : new ProtonSessionHandle(store, session, ProtonCliSupport.ClientOptions(parse, context));
            using var anonymous = session is null ? new ProtonClient(ProtonCliSupport.ClientOptions(parse, context)) : null;
            ServerListResult list;
            try
            {
                list = await new ProtonServerList(store, io.Time).GetAsync(handle?.Client ?? anonymous!, parse.GetValue(refresh), cancellationToken);
            }
            catch (ProtonException exception)
            {
                return ProtonCliSupport.Report(context, exception);
            }

            if (list.Warning is { } warning)
            {
                ProtonCliSupport.Warn(context, warning);
            }

            var selector = filters.Selector(parse);
            var query = SelectorMapping.ToQuery(selector, session?.MaxTier, portForwarding: false);
            if (parse.GetValue(filters.Sort) == "name")
            {
                query = query with { Sort = ServerSort.Name };
            }

            var (matching, failure) = ServerSelector.Matching(list.Servers, query);
            if (failure is not null)
            {
                return AirVpnMullvadShortcuts.Fail(
                    context, $"no server left after filter {SelectorMapping.Describe(failure.EmptiedBy!.Value, query)}: {failure.Error}", ExitCodes.InvalidInput);
            }

            var rows = SelectorMapping.WantsLatency(selector) ? await LatencySort.SortAsync(matching, io.Latency, cancellationToken) : matching;
            if (parse.GetValue(output) == "json")
            {
                context.Out.WriteLine(Json(rows));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("SERVER", "COUNTRY", "CITY", "TIER", "LOAD", "SCORE", "FEATURES");
            foreach (var server in rows)
            {
                table.AddRow(
                    SafeText.Markup(server.Name),
                    SafeText.Markup(server.ExitCountry),
                    SafeText.Markup(server.City ?? "-"),
                    TierOf(server),
                    $"{server.Load}%",
                    server.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    SafeText.Markup(FeaturesOf(server)));
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{rows.Count} servers");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string TierOf(LogicalServer server) => server.Tier == ServerTier.Free ? "free" : "paid";

    private static string FeaturesOf(LogicalServer server)
    {
        var words = Words(server.Features).ToList();
        return words.Count == 0 ? "-" : string.Join(",", words);
    }

    private static IEnumerable<string> Words(ServerFeatures features)
    {
        if (features.HasFlag(ServerFeatures.P2P))
        {
            yield return "p2p";
        }

        if (features.HasFlag(ServerFeatures.Streaming))
        {
            yield return "streaming";
        }

        if (features.HasFlag(ServerFeatures.SecureCore))
        {
            yield return "secure-core";
        }

        if (features.HasFlag(ServerFeatures.Tor))
        {
            yield return "tor";
        }
    }

    private static string Json(IEnumerable<LogicalServer> servers)
    {
        var array = new JsonArray();
        foreach (var server in servers)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["name"] = server.Name,
                ["country"] = server.ExitCountry,
                ["city"] = server.City,
                ["tier"] = TierOf(server),
                ["load"] = server.Load,
                ["score"] = server.Score,
                ["features"] = new JsonArray([.. Words(server.Features).Select(w => (JsonNode?)w)]),
                ["entryIp"] = server.FirstUsablePhysical?.EntryIp,
            });
        }

        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
