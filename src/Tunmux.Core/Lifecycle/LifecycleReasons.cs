namespace Tunmux.Core.Lifecycle;

/// <summary>The reason codes the lifecycle puts in causes, conditions and history.</summary>
public static class LifecycleReasons
{
    public const string Pending = "Pending";
    public const string Building = "Building";
    public const string AwaitingHandshake = "AwaitingHandshake";
    public const string Connected = "Connected";
    public const string HandshakeFresh = "HandshakeFresh";
    public const string HandshakeStale = "HandshakeStale";
    public const string NoHandshake = "NoHandshake";
    public const string ProbeFailed = "ProbeFailed";
    public const string TunnelBroken = "TunnelBroken";
    public const string Reconnecting = "Reconnecting";
    public const string FailingOver = "FailingOver";
    public const string InvalidSpec = "InvalidSpec";
    public const string BuildFailed = "BuildFailed";
    public const string Deleting = "Deleting";
}
