namespace Tunmux.Providers.Proton.Api;

/// <summary>A Proton API reply whose `Code` is not 1000, or that could not be read.</summary>
public sealed class ProtonApiException : Exception
{
    public ProtonApiException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public ProtonApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The API's `Code`, or 0 when the reply was not readable at all.</summary>
    public int Code { get; }
}
