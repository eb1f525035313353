namespace Tunmux.Providers.Proton.Srp;

/// <summary>An SRP exchange that must not go on: bad parameters, a bad modulus or a failed proof.</summary>
public sealed class SrpException : Exception
{
    public SrpException(string message)
        : base(message)
    {
    }

    public SrpException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
