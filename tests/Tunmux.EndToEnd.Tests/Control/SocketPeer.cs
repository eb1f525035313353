using System.Text.Json.Nodes;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// Sends one request line to a Unix socket from another process (socat), optionally as
/// another user via setpriv, and returns what came back. The kernel then reports that
/// process's real credentials to the server.
/// </summary>
public static class SocketPeer
{
    public const string PingLine = "{\"version\":2,\"kind\":\"ping\"}\n";

    /// <param name="groups">"--init-groups" (the user's groups from the database) or "--clear-groups".</param>
    public static Task<Run.Result> SendAsUserAsync(TemporaryAccounts.Account user, string socketPath, string groups = "--init-groups") =>
        Run.ProgramAsync(
            ["setpriv", "--reuid", user.Name, "--regid", user.PrimaryGid.ToString(System.Globalization.CultureInfo.InvariantCulture), groups, "--",
             "socat", "-t", "5", "-", $"UNIX-CONNECT:{socketPath}"],
            stdin: PingLine,
            timeout: TimeSpan.FromSeconds(30));

    public static Task<Run.Result> SendAsRootAsync(string socketPath) =>
        Run.ProgramAsync(["socat", "-t", "5", "-", $"UNIX-CONNECT:{socketPath}"], stdin: PingLine, timeout: TimeSpan.FromSeconds(30));

    public static JsonObject Response(Run.Result result)
    {
        result.EnsureSuccess("socat");
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Subject;
        return JsonNode.Parse(line)!.AsObject();
    }
}
