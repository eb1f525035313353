namespace Tunmux.Providers.Proton.Api;

/// <summary>Every Proton API reply carries `Code` (1000 means success) and, on failure, `Error`.</summary>
public abstract record ProtonApiResponse
{
    public const int SuccessCode = 1000;

    public int Code { get; init; }

    public string? Error { get; init; }
}
