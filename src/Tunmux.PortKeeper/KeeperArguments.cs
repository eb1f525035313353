using System.Net;
using Tunmux.Linux.PortForward;

namespace Tunmux.Keeper;

/// <summary>The keeper's command line, as <see cref="PortKeeperCommand"/> builds it; the hook comes after "--".</summary>
public sealed record KeeperArguments(string Tunnel, string StateFile, IPEndPoint? Gateway, IReadOnlyList<string> Hook)
{
    /// <summary>The arguments, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static KeeperArguments? Parse(IReadOnlyList<string> args, out string problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? tunnel = null, stateFile = null;
        IPEndPoint? gateway = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                return Complete(tunnel, stateFile, gateway, [.. args.Skip(i + 1)], out problem);
            }

            if (i + 1 >= args.Count)
            {
                problem = $"{args[i]}: a value is missing";
                return null;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case PortKeeperCommand.TunnelOption:
                    tunnel = value;
                    break;
                case PortKeeperCommand.StateFileOption:
                    stateFile = value;
                    break;
                case PortKeeperCommand.GatewayOption when IPEndPoint.TryParse(value, out var endpoint):
                    gateway = endpoint;
                    break;
                case PortKeeperCommand.GatewayOption:
                    problem = $"{PortKeeperCommand.GatewayOption}: expected IP:PORT";
                    return null;
                default:
                    problem = "unknown option (the keeper takes --tunnel, --state-file, --gateway and a hook after --)";
                    return null;
            }
        }

        return Complete(tunnel, stateFile, gateway, [], out problem);
    }

    private static KeeperArguments? Complete(string? tunnel, string? stateFile, IPEndPoint? gateway, IReadOnlyList<string> hook, out string problem)
    {
        if (string.IsNullOrEmpty(tunnel) || string.IsNullOrEmpty(stateFile) || !Path.IsPathRooted(stateFile))
        {
            problem = $"{PortKeeperCommand.TunnelOption} NAME and {PortKeeperCommand.StateFileOption} /ABSOLUTE/PATH are required";
            return null;
        }

        problem = "";
        return new KeeperArguments(tunnel, stateFile, gateway, hook);
    }
}
