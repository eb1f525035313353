namespace Tunmux.Providers.Storage;

/// <summary>
/// Base URLs of the provider APIs. Every one can be replaced (flag first, then environment),
/// so the same code runs against test servers and mirrors.
/// </summary>
public static class ApiEndpoints
{
    public const string ProtonDefault = "https://vpn-api.proton.me";
    public const string MullvadDefault = "https://api.mullvad.net";
    public const string ProtonVariable = "TUNMUX_PROTON_API_URL";
    public const string AirVpnVariable = "TUNMUX_AIRVPN_API_URL";
    public const string MullvadVariable = "TUNMUX_MULLVAD_API_URL";

    public static Uri Proton(string? flag = null, Func<string, string?>? environment = null) =>
        new(Pick(flag, ProtonVariable, environment) ?? ProtonDefault);

    public static Uri Mullvad(string? flag = null, Func<string, string?>? environment = null) =>
        new(Pick(flag, MullvadVariable, environment) ?? MullvadDefault);

    /// <summary>AirVPN's bootstrap list, replaced whole by a comma-separated flag or TUNMUX_AIRVPN_API_URL; null keeps the built-in list.</summary>
    public static IReadOnlyList<Uri>? AirVpnOverride(string? flag = null, Func<string, string?>? environment = null) =>
        Pick(flag, AirVpnVariable, environment) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToList()
            : null;

    private static string? Pick(string? flag, string variable, Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return flag is { Length: > 0 } ? flag : environment(variable) is { Length: > 0 } value ? value : null;
    }
}
