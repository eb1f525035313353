namespace Tunmux.EndToEnd.Tests.Kubernetes;

/// <summary>
/// The client side of a lab exit, read from the wg-quick file `tunmux lab up` wrote, so that a
/// Tunnel can carry it inline with its key in a Secret. Only the lines the lab writes are read.
/// </summary>
internal sealed record LabClientConfig(string PrivateKey, IReadOnlyList<string> Addresses, IReadOnlyList<string> Dns, string PublicKey, string Endpoint, IReadOnlyList<string> AllowedIps)
{
    public static LabClientConfig Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadAllLines(path))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && !line.TrimStart().StartsWith('#'))
            {
                // Keys end in '=' padding: split at the first '=' only.
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        string One(string key) => values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{path} has no {key}");
        IReadOnlyList<string> List(string key) => values.TryGetValue(key, out var value)
            ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        return new LabClientConfig(One("PrivateKey"), List("Address"), List("DNS"), One("PublicKey"), One("Endpoint"), List("AllowedIPs"));
    }
}
