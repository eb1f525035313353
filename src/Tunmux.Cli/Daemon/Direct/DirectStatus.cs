using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Core.Direct.Policy;
using Tunmux.Files;

namespace Tunmux.Cli.Daemon.Direct;

/// <summary>
/// The kill switch's status as the daemon last found it: the policy in force with its reason,
/// the tunnel, the backend in use, drift repaired in the last pass. Written to
/// &lt;state&gt;/direct/status.json (readable by everyone: it holds no secret) for `tunmux status`.
/// </summary>
public sealed record DirectStatus(
    string Policy,
    string Reason,
    string Message,
    bool Critical,
    string? Tunnel,
    string? Backend,
    DateTimeOffset? LatestHandshake,
    IReadOnlyList<string> Repaired,
    DateTimeOffset At)
{
    /// <summary>The LeakFree condition (True, False, Unknown) from the block's read-back, with its reason and sentence.</summary>
    public string LeakFree { get; init; } = "Unknown";

    public string LeakFreeReason { get; init; } = "NotChecked";

    public string LeakFreeMessage { get; init; } = "";

    public static DirectStatus From(PolicyInForce policy, string? tunnel, string? backend, DateTimeOffset? handshake, IReadOnlyList<string> repaired, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Policy.ToString().ToLowerInvariant(), policy.Reason, policy.Message, policy.Critical, tunnel, backend, handshake, repaired, at);
    }

    /// <summary>
    /// The direct tunnel's own conditions for describe: KillSwitch (the policy in force, with its
    /// reason) and LeakFree (from the block's read-back). Transition times are not kept, so none is claimed.
    /// </summary>
    public IReadOnlyList<Tunmux.Runtime.Status.ConditionView> Conditions() =>
    [
        new("KillSwitch", Policy == "off" ? "False" : "True", Reason, $"{Policy}: {Message}", 0, null),
        new(Tunmux.Core.Direct.Policy.LeakFreeCondition.Type, LeakFree, LeakFreeReason, LeakFreeMessage, 0, null),
    ];

    /// <summary>The KILLSWITCH cell of `tunmux status`: the policy, and whether the read-back shows it leak-free.</summary>
    public string Cell() => LeakFree == "True" ? $"{Policy}, leak-free" : $"{Policy}, LeakFree={LeakFree} ({LeakFreeReason})";

    /// <summary>Says the same as <paramref name="other"/>, whenever each was found (<see cref="At"/> aside).</summary>
    public bool SameAs(DirectStatus other) =>
        other is not null
        && (Policy, Reason, Message, Critical, Tunnel, Backend, LatestHandshake, LeakFree, LeakFreeReason, LeakFreeMessage)
            == (other.Policy, other.Reason, other.Message, other.Critical, other.Tunnel, other.Backend, other.LatestHandshake, other.LeakFree, other.LeakFreeReason, other.LeakFreeMessage)
        && Repaired.SequenceEqual(other.Repaired, StringComparer.Ordinal);

    public static string PathIn(string stateDir) => System.IO.Path.Combine(stateDir, "direct", "status.json");

    public static DirectStatus? Read(string stateDir)
    {
        var path = PathIn(stateDir);
        try
        {
            return StateFile.TryReadText(path) is { } text ? JsonSerializer.Deserialize(text, DirectStatusJson.Default.DirectStatus) : null;
        }
        catch (Exception ex) when (ex is JsonException or StateFileException)
        {
            return null;
        }
    }

    public void Write(string stateDir)
    {
        var path = PathIn(stateDir);
        StateFile.WriteText(path, JsonSerializer.Serialize(this, DirectStatusJson.Default.DirectStatus), StateFile.WorldReadable);
    }
}

[JsonSerializable(typeof(DirectStatus))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class DirectStatusJson : JsonSerializerContext;
