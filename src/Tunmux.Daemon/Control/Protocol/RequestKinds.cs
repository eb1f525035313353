namespace Tunmux.Daemon.Control.Protocol;

/// <summary>The requests the control socket answers. Each has one typed body and one typed reply.</summary>
public static class RequestKinds
{
    public const string Ping = "ping";
    public const string Apply = "apply";
    public const string Diff = "diff";
    public const string Delete = "delete";
    public const string Get = "get";
    public const string Describe = "describe";
    public const string Status = "status";
    public const string Wait = "wait";
}
