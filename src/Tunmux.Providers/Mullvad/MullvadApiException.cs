namespace Tunmux.Providers.Mullvad;

/// <summary>A Mullvad API call that failed, with Mullvad's error code when it gave one.</summary>
public sealed class MullvadApiException : Exception
{
    public MullvadApiException(string message, MullvadFailure failure, string? code = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Code = code;
    }

    public MullvadFailure Failure { get; }

    /// <summary>Mullvad's code, e.g. INVALID_ACCOUNT, DEVICE_NOT_FOUND.</summary>
    public string? Code { get; }
}

public enum MullvadFailure
{
    /// <summary>Mullvad said no: unknown account number, too many devices.</summary>
    Refused,

    /// <summary>The device was removed from the account (on the website or another machine).</summary>
    Revoked,

    /// <summary>Nothing answered.</summary>
    Unreachable,

    /// <summary>An answer came that is not what the API documents (server error, bad JSON).</summary>
    Malformed,
}
