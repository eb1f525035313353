namespace Tunmux.Providers.OpenPgp;

/// <summary>An OpenPGP message, key or signature that is malformed, unsupported or does not verify.</summary>
public sealed class OpenPgpException : Exception
{
    public OpenPgpException(string message)
        : base(message)
    {
    }

    public OpenPgpException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
