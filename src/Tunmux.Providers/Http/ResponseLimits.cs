namespace Tunmux.Providers.Http;

/// <summary>
/// How much of a provider API's answer is read. Proton's server list, the largest answer, is a
/// few MiB; beyond the cap the request fails like an unreachable API instead of filling memory.
/// JSON answers are parsed with System.Text.Json's default depth limit (64).
/// </summary>
public static class ResponseLimits
{
    public const int MaxResponseBytes = 32 * 1024 * 1024;
}
