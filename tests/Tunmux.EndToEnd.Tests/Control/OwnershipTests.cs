using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Apply;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// Issue #9 follow-up, through the real socket with real accounts: a group member may delete the
/// exit it declared, and neither another member's nor root's (the kernel's peer uid decides, and
/// the owner is read back from the daemon's state file on every change).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OwnershipTests
{
    private const string Key = "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    private static string TunnelText(string name) =>
        $"apiVersion: tunmux.io/v1alpha1\nkind: Tunnel\nmetadata: {{name: {name}}}\nspec:\n  wireguard:\n    privateKeyFile: /tmp/member-key\n"
        + $"    addresses: [10.66.1.2/32]\n    peer:\n      publicKey: {PeerKey}\n      endpoint: 198.18.1.2:51820\n      allowedIPs: [0.0.0.0/0]\n";

    private static string ProxyText(string name, string tunnel) =>
        $"apiVersion: tunmux.io/v1alpha1\nkind: Proxy\nmetadata: {{name: {name}}}\nspec:\n  tunnelRef: {tunnel}\n";

    private static JsonObject Apply(string name, string? proxyThrough = null) => HostileDaemon.Request("apply", new JsonObject
    {
        ["manifests"] = new JsonArray(new JsonObject
        {
            ["path"] = $"/tmp/{name}.yaml",
            ["text"] = TunnelText(name) + (proxyThrough is null ? "" : "---\n" + ProxyText(proxyThrough, name)),
        }),
        ["files"] = new JsonArray(new JsonObject { ["path"] = "/tmp/member-key", ["content"] = Key, ["problem"] = null }),
        ["prune"] = false,
        ["dryRun"] = false,
    });

    private static JsonObject Delete(params string[] names) => HostileDaemon.Request("delete", new JsonObject
    {
        ["manifests"] = new JsonArray(),
        ["kind"] = names.Length == 0 ? null : "tunnels",
        ["names"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]),
        ["all"] = names.Length == 0,
        ["dryRun"] = false,
    });

    private static List<string> Errors(JsonObject reply)
    {
        reply["ok"]!.GetValue<bool>().Should().BeTrue(reply.ToJsonString());
        return [.. reply["body"]!["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())];
    }

    [RootFact]
    public async Task A_member_may_delete_its_own_exit_but_not_another_members_or_roots()
    {
        await using var d = await HostileDaemon.StartAsync();
        var a = d.Member;
        var b = d.Accounts.PrimaryMember;
        Errors(await d.SendAsync(Apply("own-a"))).Should().BeEmpty();
        Errors(await d.SendAsync(Apply("own-b"), account: b)).Should().BeEmpty();
        Errors(await d.SendAsync(Apply("own-r"), asRoot: true)).Should().BeEmpty();

        Errors(await d.SendAsync(Delete("own-b"))).Should().ContainSingle().Which.Should()
            .Be($"permission denied: Tunnel/own-b was declared by uid {b.Uid}, so only that uid or root may replace or remove it; uid {a.Uid} may not remove it");
        Errors(await d.SendAsync(Delete("own-r"))).Should().ContainSingle().Which.Should().StartWith("permission denied: Tunnel/own-r was declared by uid 0,");
        Errors(await d.SendAsync(Delete())).Should().HaveCount(2, "delete --all would take B's and root's exits too");
        var cli = await d.TunmuxAsMemberAsync("delete", "tunnel", "own-b");
        cli.ExitCode.Should().NotBe(0, cli.All);
        cli.All.Should().Contain("permission denied: Tunnel/own-b was declared by uid");
        var declared = await d.Sandbox.TunmuxAsync("get", "tunnels");
        declared.Stdout.Should().Contain("own-a").And.Contain("own-b").And.Contain("own-r", "nothing of a refused delete happened");

        Errors(await d.SendAsync(Delete("own-a"))).Should().BeEmpty("a member may delete what it declared");
        Errors(await d.SendAsync(Delete("own-b"), account: b)).Should().BeEmpty();
        var left = await d.Sandbox.TunmuxAsync("get", "tunnels");
        left.Stdout.Should().NotContain("own-a").And.NotContain("own-b").And.Contain("own-r");
        Errors(await d.SendAsync(Delete("own-r"), asRoot: true)).Should().BeEmpty();
    }

    [RootFact]
    public async Task A_members_proxy_may_not_go_through_another_members_tunnel_so_it_cannot_pin_it()
    {
        await using var d = await HostileDaemon.StartAsync();
        var a = d.Member;
        var b = d.Accounts.PrimaryMember;
        Errors(await d.SendAsync(Apply("use-b"), account: b)).Should().BeEmpty();

        // A re-applies B's tunnel unchanged (that alone is allowed: it stays B's) with a proxy through it.
        Errors(await d.SendAsync(Apply("use-b", proxyThrough: "use-pa"))).Should().ContainSingle().Which.Should().Be(
            $"permission denied: Tunnel/use-b was declared by uid {b.Uid}; a member's proxy may go only through its own tunnels or root's "
            + $"(a proxy pins its tunnel: the tunnel's owner could no longer delete it); uid {a.Uid} may not use it");
        var proxies = await d.Sandbox.TunmuxAsync("get", "proxies");
        proxies.Stdout.Should().NotContain("use-pa", "the refused apply changed nothing");

        // A tunnel and its proxy in one apply are the member's own; root may send a proxy through anyone's tunnel.
        Errors(await d.SendAsync(Apply("use-a", proxyThrough: "use-pa"))).Should().BeEmpty();
        Errors(await d.SendAsync(Apply("use-b", proxyThrough: "use-pr"), asRoot: true)).Should().BeEmpty();
        var owners = await d.Sandbox.TunmuxAsync("get", "proxies", "-o", "json");
        owners.Stdout.Should().Contain("use-pa").And.Contain("use-pr");

        // B's tunnel is pinned only by root's proxy, which root removes; then B may delete its tunnel.
        Errors(await d.SendAsync(HostileDaemon.Request("delete", new JsonObject
        {
            ["manifests"] = new JsonArray(),
            ["kind"] = "proxies",
            ["names"] = new JsonArray("use-pr"),
            ["all"] = false,
            ["dryRun"] = false,
        }), asRoot: true)).Should().BeEmpty();
        Errors(await d.SendAsync(Delete("use-b"), account: b)).Should().BeEmpty("no other member's proxy pins B's tunnel");
        Errors(await d.SendAsync(Delete("use-a"))).Should().BeEmpty();
        var left = await d.Sandbox.TunmuxAsync("get", "tunnels");
        left.Stdout.Should().NotContain("use-a").And.NotContain("use-b");
    }
}
