using Tunmux.Core.Model;

namespace Tunmux.Linux.Build;

/// <summary>
/// Tools may quote what they were given: <c>wg</c> prints a malformed key back in its error.
/// Before any such text reaches an exception message, every secret of the tunnel is replaced.
/// </summary>
internal sealed class SecretScrubber(IEnumerable<Secret> secrets)
{
    private readonly string[] _values = secrets.Select(secret => secret.Reveal().Trim()).Where(value => value.Length > 0).Distinct().ToArray();

    public static SecretScrubber For(WireGuardConfig config) =>
        new(config.Peers.Select(peer => peer.PresharedKey).OfType<Secret>().Prepend(config.PrivateKey));

    public bool Contains(string text) => _values.Any(value => text.Contains(value, StringComparison.Ordinal));

    public string Scrub(string text) =>
        _values.Aggregate(text, (current, value) => current.Replace(value, Secret.Redacted, StringComparison.Ordinal));
}
