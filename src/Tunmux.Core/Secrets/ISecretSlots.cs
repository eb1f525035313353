namespace Tunmux.Core.Secrets;

/// <summary>
/// Named secrets of one provider (a session per account, the default account): in 0600 files,
/// or in the desktop's keyring. The caller serializes; the slots keep text.
/// </summary>
public interface ISecretSlots
{
    /// <summary>Where the secrets are, for messages ("the keyring", a folder); never a secret.</summary>
    string Location { get; }

    string? Read(string name);

    void Write(string name, string text);

    void Delete(string name);
}
