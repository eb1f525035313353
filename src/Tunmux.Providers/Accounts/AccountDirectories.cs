using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tunmux.Api.Model;
using Tunmux.Files;

namespace Tunmux.Providers.Accounts;

/// <summary>
/// Where one provider's stored logins live. Each login has its own folder
/// (ROOT/accounts/NAME, mode 0700) and ROOT/default-account names the login used when a tunnel
/// does not say. Roots are searched in order: the user's config folder first, then the daemon's
/// state folder, so `tunmux PROVIDER login` as a person and a daemon with its own login both work.
/// </summary>
public sealed partial class AccountDirectories
{
    public const string DefaultPointerFile = "default-account";

    public AccountDirectories(IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (roots.Count == 0)
        {
            throw new ArgumentException("At least one root is needed.", nameof(roots));
        }

        Roots = roots;
    }

    /// <summary>Search order; <see cref="PrimaryRoot"/> is where a login is stored unless told otherwise.</summary>
    public IReadOnlyList<string> Roots { get; }

    public string PrimaryRoot => Roots[0];

    /// <summary>The folder of login <paramref name="name"/> under <paramref name="root"/>.</summary>
    public static string For(string root, string name) => Path.Combine(root, "accounts", SafeName(name));

    /// <summary>
    /// The folder of a stored login that holds <paramref name="marker"/> (e.g. session.json):
    /// the named one, or each root's default when <paramref name="name"/> is null.
    /// </summary>
    public string? Find(string? name, string marker)
    {
        foreach (var root in Roots)
        {
            var chosen = name ?? DefaultName(root);
            if (chosen is not null && File.Exists(Path.Combine(For(root, chosen), marker)))
            {
                return For(root, chosen);
            }
        }

        return null;
    }

    public static string? DefaultName(string root)
    {
        var pointer = Path.Combine(root, DefaultPointerFile);
        return StateFile.TryReadText(pointer)?.Trim() is { Length: > 0 } name ? name : null;
    }

    public static void SetDefault(string root, string name)
    {
        StateFile.WriteText(Path.Combine(root, DefaultPointerFile), name + "\n");
    }

    /// <summary>Removes the pointer when it names <paramref name="name"/> (after a logout).</summary>
    public static void ClearDefault(string root, string name)
    {
        if (DefaultName(root) == name)
        {
            File.Delete(Path.Combine(root, DefaultPointerFile));
        }
    }

    /// <summary>Every stored login holding <paramref name="marker"/>, with the root it lives in.</summary>
    public IReadOnlyList<(string Root, string Name, bool IsDefault)> List(string marker)
    {
        var found = new List<(string, string, bool)>();
        foreach (var root in Roots.Distinct(StringComparer.Ordinal))
        {
            var accounts = Path.Combine(root, "accounts");
            if (!Directory.Exists(accounts))
            {
                continue;
            }

            var defaultName = DefaultName(root);
            foreach (var folder in Directory.GetDirectories(accounts).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(folder, marker)))
                {
                    var name = Path.GetFileName(folder);
                    found.Add((root, name, defaultName is not null && SafeName(defaultName) == name));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The folder that caches what a credentials file's login needs (device keys, chosen servers):
    /// one per file, named by a digest of its full path so the path itself is not repeated.
    /// </summary>
    public static string ForCredentialsFile(string root, string credentialsPath)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(credentialsPath))))[..16];
        return Path.Combine(root, "credentials", digest);
    }

    /// <summary>
    /// The folder of the login a tunnel's spec.account means, without opening it: a credentials
    /// file's cache folder, else the stored login (named, or the default) holding <paramref name="marker"/>;
    /// null when there is none.
    /// </summary>
    public string? FolderOf(AccountSpec? account, string credentialsRoot, string marker) =>
        account?.CredentialsFile is { } path ? ForCredentialsFile(credentialsRoot, path) : Find(account?.Name, marker);

    /// <summary>A login as a folder name: kept when it is plain, otherwise a digest (no '/', no '..').</summary>
    public static string SafeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return PlainName().IsMatch(name) && name is not ("." or "..")
            ? name
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex PlainName();
}
