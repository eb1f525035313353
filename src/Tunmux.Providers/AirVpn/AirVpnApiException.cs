namespace Tunmux.Providers.AirVpn;

/// <summary>An AirVPN bootstrap reply that reports an error or cannot be read.</summary>
public sealed class AirVpnApiException : Exception
{
    public AirVpnApiException(string message)
        : base(message)
    {
    }

    public AirVpnApiException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
