namespace Tunmux.Providers.AirVpn.Web;

/// <summary>airvpn.org refused or did not understand a request; the message never holds cookies, tokens or passwords.</summary>
public sealed class AirVpnWebException : Exception
{
    public AirVpnWebException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
