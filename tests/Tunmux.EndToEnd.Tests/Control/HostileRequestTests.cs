using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// Issue #9 acceptance: a real unprivileged member of the daemon's group sends hostile requests
/// through the real socket, raw (socat, a client that lies) and through the tunmux CLI. No request
/// reveals a root-only file (neither content nor existence: a missing and an unreadable file get the
/// same answer), special files neither hang nor bloat the daemon, over-deep and alias-bomb input is
/// refused while the daemon keeps serving, and root-only listeners are refused for the member only.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileRequestTests
{
    private const string Key = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private const long MemoryAllowance = 200L * 1024 * 1024;

    /// <summary>Every path-bearing field, each in an otherwise valid manifest; PATH marks the field's value.</summary>
    private static readonly (string Field, string Manifest)[] PathFields =
    [
        ("spec.wireguard.privateKeyFile", Tunnel("privateKeyFile: PATH")),
        ("spec.wireguard.configFile", "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: t1}\nspec:\n  wireguard: {configFile: PATH}\n"),
        ("spec.wireguard.peer.presharedKeyFile", Tunnel("privateKeyFile: /tmp/member-key", "      presharedKeyFile: PATH\n")),
        ("spec.account.credentialsFile", "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: t1}\nspec:\n  provider: mullvad\n  server: {country: SE}\n  account: {credentialsFile: PATH}\n"),
        ("spec.auth.credentialsFile", Tunnel("privateKeyFile: /tmp/member-key") + "---\napiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {name: t1}\nspec:\n  tunnelRef: t1\n  auth: {credentialsFile: PATH}\n"),
    ];

    private static string Tunnel(string keyLine, string peerExtra = "") =>
        "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: t1}\nspec:\n  wireguard:\n"
        + $"    {keyLine}\n    addresses: [10.66.1.2/32]\n    peer:\n      publicKey: {PeerKey}\n      endpoint: 198.18.1.2:51820\n      allowedIPs: [0.0.0.0/0]\n{peerExtra}";

    /// <summary>Pairs of (names the secret, names the missing file) for one trick.</summary>
    private static IEnumerable<(string Trick, string Existing, string Missing)> Tricks(HostileDaemon d, string link, string missingLink) =>
    [
        ("absolute", d.Secret, d.Missing),
        ("relative ../", Path.GetRelativePath(d.MemberDir, d.Secret), Path.GetRelativePath(d.MemberDir, d.Missing)),
        ("/proc/self/root", "/proc/self/root" + d.Secret, "/proc/self/root" + d.Missing),
        ("/proc/self/cwd", "/proc/self/cwd" + d.Secret, "/proc/self/cwd" + d.Missing),
        ("symlink", link, missingLink),
        ("/root and /etc/shadow", "/etc/shadow", "/root/.tmx-missing-" + d.Sandbox.Id),
    ];

    [RootFact]
    public async Task No_path_bearing_field_or_path_trick_reveals_a_root_only_file()
    {
        await using var d = await HostileDaemon.StartAsync();
        var link = Path.Combine(d.MemberDir, "link");
        var missingLink = Path.Combine(d.MemberDir, "missing-link");
        (await d.AsMemberAsync(["ln", "-s", d.Secret, link])).EnsureSuccess("ln");
        (await d.AsMemberAsync(["ln", "-s", d.Missing, missingLink])).EnsureSuccess("ln");
        var shadowSecrets = (await File.ReadAllLinesAsync("/etc/shadow")).Select(l => l.Split(':')).Where(f => f.Length > 1 && f[1].Length > 8).Select(f => f[1]).ToList();
        var manifestPath = Path.Combine(d.MemberDir, "lab.yaml");
        var checkedPairs = 0;

        foreach (var (field, template) in PathFields)
        {
            foreach (var (trick, existing, missing) in Tricks(d, link, missingLink))
            {
                // A client that lies: names the file, sends no content for it.
                var raw = new List<string>();
                foreach (var path in new[] { existing, missing })
                {
                    var body = new JsonObject
                    {
                        ["manifests"] = new JsonArray(new JsonObject { ["path"] = manifestPath, ["text"] = template.Replace("PATH", path, StringComparison.Ordinal) }),
                        ["files"] = new JsonArray(new JsonObject { ["path"] = "/tmp/member-key", ["content"] = Key, ["problem"] = null }),
                        ["prune"] = false,
                        ["dryRun"] = false,
                    };
                    var reply = (await d.SendAsync(HostileDaemon.Request("apply", body))).ToJsonString();
                    reply.Should().Contain(field, $"{field} via {trick} must reach the file check, not stop earlier");
                    raw.Add(reply);
                }

                // The real client, as the member: it reads the file as the member and sends what it got.
                var cli = new List<string>();
                foreach (var path in new[] { existing, missing })
                {
                    await d.WriteAsMemberAsync("lab.yaml", template.Replace("PATH", path, StringComparison.Ordinal).Replace("/tmp/member-key", Path.Combine(d.MemberDir, "member.key"), StringComparison.Ordinal));
                    await d.WriteAsMemberAsync("member.key", Key + "\n");
                    var result = await d.TunmuxAsMemberAsync("apply", "-f", manifestPath);
                    result.ExitCode.Should().Be(2, $"{field} via {trick}: {result.All}");
                    cli.Add(result.All);
                }

                foreach (var answer in raw.Concat(cli))
                {
                    answer.Should().NotContain(d.Marker, $"{field} via {trick} must not reveal the content");
                    foreach (var hash in shadowSecrets)
                    {
                        answer.Should().NotContain(hash);
                    }
                }

                Normalize(raw[0], existing, missing).Should().Be(raw[1], $"{field} via {trick}: existence must not show (raw)");
                Normalize(cli[0], existing, missing).Should().Be(cli[1], $"{field} via {trick}: existence must not show (CLI)");
                checkedPairs++;
            }
        }

        checkedPairs.Should().Be(PathFields.Length * 6);
        (await File.ReadAllTextAsync(Path.Combine(d.Sandbox.StateDir, "declared.yaml")).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : ""))
            .Should().NotContain(d.Marker);
        await d.ShouldStillServeRootAsync();
    }

    private static string Normalize(string answer, string existing, string missing) =>
        answer.Replace(existing, missing, StringComparison.Ordinal)
            .Replace(Path.GetFullPath(existing, "/tmp/x"), Path.GetFullPath(missing, "/tmp/x"), StringComparison.Ordinal);

    [RootFact]
    public async Task Argument_tricks_never_reach_a_parser_that_opens_files()
    {
        await using var d = await HostileDaemon.StartAsync();

        // The old request re-ran the CLI parser, which expanded @file as root: it is gone.
        var run = await d.SendAsync(HostileDaemon.Request("run", new JsonObject { ["args"] = new JsonArray("get", "tunnels", "@" + d.Secret) }));
        run["code"]!.GetValue<string>().Should().Be("unknown_kind");

        // Names and paths that look like arguments are refused as fields.
        var name = await d.SendAsync(HostileDaemon.Request("get", new JsonObject { ["kind"] = "tunnels", ["name"] = "@" + d.Secret }));
        name["code"]!.GetValue<string>().Should().Be("invalid_request");
        var manifest = await d.SendAsync(HostileDaemon.Request("diff", new JsonObject
        {
            ["manifests"] = new JsonArray(new JsonObject { ["path"] = "@" + d.Secret, ["text"] = "" }), ["files"] = new JsonArray(), ["prune"] = false,
        }));
        manifest["error"]!.GetValue<string>().Should().Contain("manifests[0].path: must be an absolute, normalized path");
        var extra = await d.SendAsync(HostileDaemon.Request("status", new JsonObject { ["args"] = new JsonArray("--state-dir", d.SecretDir) }));
        extra["code"]!.GetValue<string>().Should().Be("invalid_request");

        // A manifest "path" that names the secret is only a name: the daemon loads the text it was sent.
        var named = await d.SendAsync(HostileDaemon.Request("diff", new JsonObject
        {
            ["manifests"] = new JsonArray(new JsonObject { ["path"] = d.Secret, ["text"] = "kind: Tunnel\n" }), ["files"] = new JsonArray(), ["prune"] = false,
        }));
        named.ToJsonString().Should().NotContain(d.Marker);

        // The CLI as the member expands a response file as the member, who cannot read it.
        var cli = await d.TunmuxAsMemberAsync("get", "tunnels", "@" + d.Secret);
        cli.ExitCode.Should().NotBe(0);
        cli.All.Should().NotContain(d.Marker);

        foreach (var reply in new[] { run, name, manifest, extra })
        {
            reply.ToJsonString().Should().NotContain(d.Marker);
        }

        await d.ShouldStillServeRootAsync();
    }

    [RootFact]
    public async Task A_fifo_or_dev_zero_as_a_key_file_neither_hangs_nor_bloats_the_daemon()
    {
        await using var d = await HostileDaemon.StartAsync();
        var fifo = Path.Combine(d.MemberDir, "key.fifo");
        (await d.AsMemberAsync(["mkfifo", fifo])).EnsureSuccess("mkfifo");
        var before = d.ResidentBytes();

        foreach (var special in new[] { fifo, "/dev/zero", "/dev/urandom", "/proc/self/environ" })
        {
            // Through the CLI: the member's own client refuses the file without opening it for long.
            await d.WriteAsMemberAsync("lab.yaml", Tunnel($"privateKeyFile: {special}"));
            var cli = await d.TunmuxAsMemberAsync("apply", "-f", Path.Combine(d.MemberDir, "lab.yaml"));
            cli.ExitCode.Should().Be(2, cli.All);
            cli.Stderr.Should().Contain("spec.wireguard.privateKeyFile");

            // Raw: the daemon is named the file and given no content; it never opens it.
            var raw = await d.SendAsync(HostileDaemon.Request("apply", new JsonObject
            {
                ["manifests"] = new JsonArray(new JsonObject { ["path"] = Path.Combine(d.MemberDir, "lab.yaml"), ["text"] = Tunnel($"privateKeyFile: {special}") }),
                ["files"] = new JsonArray(),
                ["prune"] = false,
                ["dryRun"] = false,
            }));
            raw["body"]!["errors"]!.AsArray().Should().ContainSingle().Which!["message"]!.GetValue<string>().Should().Contain("the client sent no content");

            await d.ShouldStillServeRootAsync();
        }

        // A client that sends "the content of /dev/zero": one file over the cap, then a line over the limit.
        var big = await d.SendAsync(HostileDaemon.Request("apply", new JsonObject
        {
            ["manifests"] = new JsonArray(new JsonObject { ["path"] = "/tmp/x.yaml", ["text"] = Tunnel("privateKeyFile: /dev/zero") }),
            ["files"] = new JsonArray(new JsonObject { ["path"] = "/dev/zero", ["content"] = new string('\0', 1024 * 1024 + 1), ["problem"] = null }),
            ["prune"] = false,
            ["dryRun"] = false,
        }));
        big["code"]!.GetValue<string>().Should().Be("invalid_request");
        (await d.SendEndlessLineAsync()).Should().Contain("line_too_long");

        await d.ShouldStillServeRootAsync();
        (d.ResidentBytes() - before).Should().BeLessThan(MemoryAllowance, "special files and oversized input must not grow the daemon");
    }

    [RootFact]
    public async Task Deep_nesting_and_an_alias_bomb_are_refused_with_bounded_memory_while_the_daemon_serves()
    {
        await using var d = await HostileDaemon.StartAsync();
        var before = d.ResidentBytes();
        const int depth = 100_000;

        // In the JSON of the request itself.
        var json = await d.AsMemberAsync(
            ["socat", "-t", "60", "-T", "120", "-", $"UNIX-CONNECT:{d.Socket}"],
            "{\"version\":2,\"kind\":\"status\",\"body\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}\n");
        json.Stdout.Should().Contain("malformed_request");
        await d.ShouldStillServeRootAsync();

        // In a manifest: YAML flow nesting, block nesting, and aliases that double at every level.
        var flow = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: deep}\nspec: " + new string('[', depth) + new string(']', depth) + "\n";
        var block = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: deep}\nspec:\n  " + string.Concat(Enumerable.Repeat("- ", depth)) + "x\n";
        var bomb = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: bomb}\nspec:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 12).Select(i => $"  a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n"));
        foreach (var (what, text) in new[] { ("flow nesting", flow), ("block nesting", block), ("alias bomb", bomb) })
        {
            var reply = await d.SendAsync(HostileDaemon.Request("diff", new JsonObject
            {
                ["manifests"] = new JsonArray(new JsonObject { ["path"] = "/tmp/hostile.yaml", ["text"] = text }),
                ["files"] = new JsonArray(),
                ["prune"] = false,
            }));
            reply["ok"]!.GetValue<bool>().Should().BeTrue($"{what}: an ordinary refusal, {reply.ToJsonString()}");
            reply["body"]!["errors"]!.AsArray().Should().NotBeEmpty(what);
            reply["body"]!["errors"]![0]!["position"]!["file"]!.GetValue<string>().Should().Be("/tmp/hostile.yaml", what);
            await d.ShouldStillServeRootAsync();
        }

        (d.ResidentBytes() - before).Should().BeLessThan(MemoryAllowance, "the limits bound memory");
    }

    [RootFact]
    public async Task Listeners_beyond_loopback_and_below_port_1024_are_refused_for_the_member_and_allowed_for_root()
    {
        await using var d = await HostileDaemon.StartAsync();
        foreach (var (listen, refusal) in new[]
        {
            ("0.0.0.0:1080", "spec.socks.listen: permission denied: only root may listen beyond loopback"),
            ("127.0.0.1:80", "spec.socks.listen: permission denied: only root may listen on a port below 1024"),
        })
        {
            var text = Tunnel("privateKeyFile: /tmp/member-key")
                + $"---\napiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {{name: t1}}\nspec:\n  tunnelRef: t1\n  allowNonLoopback: true\n  socks: {{listen: \"{listen}\"}}\n";
            JsonObject Body() => new()
            {
                ["manifests"] = new JsonArray(new JsonObject { ["path"] = "/tmp/listen.yaml", ["text"] = text }),
                ["files"] = new JsonArray(new JsonObject { ["path"] = "/tmp/member-key", ["content"] = Key, ["problem"] = null }),
                ["prune"] = false,
            };

            var member = await d.SendAsync(HostileDaemon.Request("diff", Body()));
            var errors = member["body"]!["errors"]!.AsArray().Select(e => $"{e!["fieldPath"]!.GetValue<string>()}: {e["message"]!.GetValue<string>()}").ToList();
            errors.Should().Contain(e => e.StartsWith(refusal, StringComparison.Ordinal)).And.Contain(e => e.StartsWith("spec.allowNonLoopback: permission denied", StringComparison.Ordinal));

            var root = await d.SendAsync(HostileDaemon.Request("diff", Body()), asRoot: true);
            root["body"]!["errors"]!.AsArray().Should().BeEmpty(root.ToJsonString());
            root["body"]!["plan"]!["changes"]!.AsArray().Select(c => $"{c!["kind"]}/{c["name"]}/{c["action"]}").Should().Contain("Proxy/t1/Create");

            // And through the CLI: the member gets the refusal with its field and an error exit.
            await d.WriteAsMemberAsync("member.key", Key + "\n");
            await d.WriteAsMemberAsync("listen.yaml", text.Replace("/tmp/member-key", Path.Combine(d.MemberDir, "member.key"), StringComparison.Ordinal));
            var cli = await d.TunmuxAsMemberAsync("diff", "-f", Path.Combine(d.MemberDir, "listen.yaml"));
            cli.ExitCode.Should().Be(2, cli.All);
            cli.Stderr.Should().Contain(refusal);
        }
    }

    [RootFact]
    public async Task A_direct_tunnel_is_refused_for_the_member_and_the_host_keeps_its_routes_and_firewall()
    {
        await using var d = await HostileDaemon.StartAsync();
        var text = "apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {name: t1}\nspec:\n  mode: direct\n  wireguard:\n"
            + $"    privateKeyFile: /tmp/member-key\n    addresses: [10.66.1.2/32]\n    peer:\n      publicKey: {PeerKey}\n      endpoint: 198.18.1.2:51820\n      allowedIPs: [0.0.0.0/0]\n";
        const string refusal = "spec.mode: permission denied: a direct tunnel takes over all of the host's traffic";
        JsonObject Body() => new()
        {
            ["manifests"] = new JsonArray(new JsonObject { ["path"] = "/tmp/direct.yaml", ["text"] = text }),
            ["files"] = new JsonArray(new JsonObject { ["path"] = "/tmp/member-key", ["content"] = Key, ["problem"] = null }),
            ["prune"] = false,
        };

        // A real apply, not a dry run: had it passed, the daemon would route and firewall the whole host.
        var apply = Body();
        apply["dryRun"] = false;
        var member = await d.SendAsync(HostileDaemon.Request("apply", apply));
        var errors = member["body"]!["errors"]!.AsArray().Select(e => $"{e!["fieldPath"]!.GetValue<string>()}: {e["message"]!.GetValue<string>()}").ToList();
        errors.Should().ContainSingle().Which.Should().StartWith(refusal);

        await d.WriteAsMemberAsync("member.key", Key + "\n");
        await d.WriteAsMemberAsync("direct.yaml", text.Replace("/tmp/member-key", Path.Combine(d.MemberDir, "member.key"), StringComparison.Ordinal));
        var cli = await d.TunmuxAsMemberAsync("apply", "-f", Path.Combine(d.MemberDir, "direct.yaml"));
        cli.ExitCode.Should().Be(2, cli.All);
        cli.Stderr.Should().Contain(refusal);

        (await d.TunmuxAsMemberAsync("get", "tunnels")).Stdout.Should().NotContain("t1", "nothing of the member's direct tunnel was declared");
        (await d.Sandbox.ExecAsync(["nft", "list", "table", "inet", "tunmux"])).ExitCode.Should().NotBe(0, "no kill switch was put on the host");
        (await d.Sandbox.ExecAsync(["ip", "rule", "show"])).Stdout.Should().NotContain("fwmark", "no direct-mode routing rule on the host");

        // Root may: the same manifest, as a diff, is accepted.
        var root = await d.SendAsync(HostileDaemon.Request("diff", Body()), asRoot: true);
        root["ok"]!.GetValue<bool>().Should().BeTrue(root.ToJsonString());
        root["body"]!["errors"]!.AsArray().Should().BeEmpty(root.ToJsonString());
    }
}
