namespace Tunmux.Daemon.Control;

/// <summary>One request line, read: either a request to handle or the error response to send back instead.</summary>
public sealed record ParsedRequest(ControlRequest? Request, ControlResponse? Error)
{
    public static ParsedRequest Valid(ControlRequest request) => new(request, null);

    public static ParsedRequest Invalid(string message, string code) => new(null, ControlResponse.Failure(message, code));
}
