using System.Globalization;
using System.Security.Cryptography;
using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Control;

/// <summary>
/// A throwaway group and three users with unique names (tmxg&lt;hex&gt;, tmxu&lt;hex&gt;a/b/c):
/// <see cref="Outsider"/> is not in the group, <see cref="SupplementaryMember"/> has it only as a
/// supplementary group, <see cref="PrimaryMember"/> has it as its primary group. No homes are
/// created. Disposing deletes the users and then the group, by name, whatever state creation
/// reached.
/// </summary>
public sealed class TemporaryAccounts : IAsyncDisposable
{
    private const string NoLogin = "/usr/sbin/nologin";
    private readonly List<string> _users = [];
    private bool _groupCreated;

    private TemporaryAccounts(string id)
    {
        Group = $"tmxg{id}";
        Outsider = new Account($"tmxu{id}a");
        SupplementaryMember = new Account($"tmxu{id}b");
        PrimaryMember = new Account($"tmxu{id}c");
    }

    public string Group { get; }

    public uint GroupGid { get; private set; }

    public Account Outsider { get; }

    public Account SupplementaryMember { get; }

    public Account PrimaryMember { get; }

    public static async Task<TemporaryAccounts> CreateAsync()
    {
        var accounts = new TemporaryAccounts(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)));
        try
        {
            await accounts.CreateAllAsync();
            return accounts;
        }
        catch
        {
            await accounts.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in _users)
        {
            await Run.ProgramAsync(["userdel", user]);
        }

        if (_groupCreated)
        {
            await Run.ProgramAsync(["groupdel", Group]);
        }
    }

    private async Task CreateAllAsync()
    {
        (await Run.ProgramAsync(["groupadd", Group])).EnsureSuccess($"groupadd {Group}");
        _groupCreated = true;
        GroupGid = await GroupGidAsync(Group);

        await AddUserAsync(Outsider, []);
        await AddUserAsync(SupplementaryMember, ["-G", Group]);
        await AddUserAsync(PrimaryMember, ["-g", Group]);
    }

    private async Task AddUserAsync(Account account, string[] groupOptions)
    {
        (await Run.ProgramAsync(["useradd", "-M", "-N", "-s", NoLogin, .. groupOptions, account.Name]))
            .EnsureSuccess($"useradd {account.Name}");
        _users.Add(account.Name);
        account.Uid = await IdAsync("-u", account.Name);
        account.PrimaryGid = await IdAsync("-g", account.Name);
    }

    private static async Task<uint> IdAsync(string flag, string user)
    {
        var output = (await Run.ProgramAsync(["id", flag, user])).EnsureSuccess($"id {flag} {user}").Stdout;
        return uint.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<uint> GroupGidAsync(string group)
    {
        var entry = (await Run.ProgramAsync(["getent", "group", group])).EnsureSuccess($"getent group {group}").Stdout;
        return uint.Parse(entry.Split(':')[2], CultureInfo.InvariantCulture);
    }

    public sealed class Account(string name)
    {
        public string Name { get; } = name;

        public uint Uid { get; internal set; }

        public uint PrimaryGid { get; internal set; }
    }
}
