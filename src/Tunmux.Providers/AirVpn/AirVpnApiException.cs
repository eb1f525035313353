namespace Tunmux.Providers.AirVpn;

/// <summary>An AirVPN reply that reports an error, cannot be read, or never came.</summary>
public sealed class AirVpnApiException : Exception
{
    public AirVpnApiException(string message, AirVpnFailure failure = AirVpnFailure.Malformed)
        : base(message)
    {
        Failure = failure;
    }

    public AirVpnApiException(string message, Exception inner, AirVpnFailure failure = AirVpnFailure.Malformed)
        : base(message, inner)
    {
        Failure = failure;
    }

    public AirVpnFailure Failure { get; }
}

/// <summary>Why an AirVPN call failed, so callers can tell a wrong password from an outage.</summary>
public enum AirVpnFailure
{
    /// <summary>AirVPN answered and said no (wrong login or password, account problem).</summary>
    Refused,

    /// <summary>No bootstrap address answered.</summary>
    Unreachable,

    /// <summary>An answer came but it was not the XML expected.</summary>
    Malformed,
}
