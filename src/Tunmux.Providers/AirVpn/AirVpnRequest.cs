namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The parameters of one bootstrap request, in the order they are sent. They include the
/// account password, so printing the request shows only the parameter names.
/// </summary>
public sealed class AirVpnRequest
{
    public AirVpnRequest(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
    }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public string? this[string name] => Parameters.FirstOrDefault(pair => pair.Key == name).Value;

    public override string ToString() => $"AirVPN request ({string.Join(", ", Parameters.Select(pair => pair.Key))})";
}
