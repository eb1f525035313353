using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Cli.Operations;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;

namespace Tunmux.Cli.Commands;

/// <summary>`get tunnels|proxies [NAME] [-o wide|yaml|json]`: declared objects with their observed status.</summary>
public static class GetCommand
{
    public static Command Build(CliContext context, TimeProvider time)
    {
        var kind = new Argument<string>("kind") { Description = "tunnels or proxies" };
        kind.AcceptOnlyFromAmong("tunnels", "tunnel", "proxies", "proxy");
        var name = new Argument<string?>("name") { Description = "Show only this object.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "wide, yaml or json (default: a table)." };
        output.AcceptOnlyFromAmong("wide", "yaml", "json");
        var command = new Command("get", "List tunnels or proxies with their status, observed on the host now.") { kind, name, output };
        command.SetAction((parse, cancellationToken) => OperationsCommand.RunAsync(parse, context, time, cancellationToken, async operations =>
        {
            var only = parse.GetValue(name);
            var view = await operations.GetAsync(parse.GetValue(kind)!, only, cancellationToken);
            var tunnels = parse.GetValue(kind)!.StartsWith("tunnel", StringComparison.Ordinal);
            var format = parse.GetValue(output);
            return tunnels ? ShowTunnels(context, view, only, format, time) : ShowProxies(context, view, only, format, time);
        }));
        return command;
    }

    private static int ShowTunnels(CliContext context, ViewReport view, string? only, string? format, TimeProvider time)
    {
        var rows = view.Tunnels.Where(r => only is null || r.Name == only).ToList();
        if (only is not null && rows.Count == 0)
        {
            return NotFound(context, "tunnel", only);
        }

        if (format is "yaml" or "json")
        {
            var manifests = view.Declared().OfType<TunnelManifest>().Where(t => only is null || t.Name == only);
            return Structured(context, manifests, rows.ToDictionary(r => r.Name, r => JsonSerializer.SerializeToNode(r, CliJsonContext.Default.TunnelStatus)), format);
        }

        context.Out.Write(StatusTables.Tunnels(rows, time.GetUtcNow(), format == "wide"));
        return ExitCodes.Success;
    }

    private static int ShowProxies(CliContext context, ViewReport view, string? only, string? format, TimeProvider time)
    {
        var rows = view.Proxies.Where(r => only is null || r.Name == only).ToList();
        if (only is not null && rows.Count == 0)
        {
            return NotFound(context, "proxy", only);
        }

        if (format is "yaml" or "json")
        {
            var manifests = view.Declared().OfType<ProxyManifest>().Where(p => only is null || p.Name == only);
            return Structured(context, manifests, rows.ToDictionary(r => r.Name, r => JsonSerializer.SerializeToNode(r, CliJsonContext.Default.ProxyStatus)), format);
        }

        context.Out.Write(StatusTables.Proxies(rows, time.GetUtcNow(), format == "wide"));
        return ExitCodes.Success;
    }

    private static int NotFound(CliContext context, string kind, string name)
    {
        context.Error.MarkupLine($"[red]error[/] {kind} {SafeText.Markup(name)} not found");
        return ExitCodes.InvalidInput;
    }

    /// <summary>Each manifest as written, plus a status section with what the host shows.</summary>
    private static int Structured(CliContext context, IEnumerable<ManifestObject> manifests, Dictionary<string, JsonNode?> status, string format)
    {
        var items = new JsonArray();
        foreach (var manifest in manifests)
        {
            var node = JsonNode.Parse(ManifestWriter.ToJson([manifest]))!;
            var item = node is JsonArray array ? array[0]!.DeepClone() : node;
            if (status.TryGetValue(manifest.Name, out var row))
            {
                item["status"] = row;
            }

            items.Add(item);
        }

        var document = items.Count == 1 ? items[0]! : new JsonObject { ["items"] = items.DeepClone() };
        if (format == "json")
        {
            context.Out.WriteLine(document.ToJsonString(CliJsonContext.Default.Options));
            return ExitCodes.Success;
        }

        context.Out.Write(ManifestWriter.JsonToYaml(document));
        return ExitCodes.Success;
    }
}
