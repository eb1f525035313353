namespace Tunmux.Providers.Proton.Storage;

/// <summary>The server a tunnel was given, kept so it changes only when it must.</summary>
public sealed record ServerChoice(string Server, DateTimeOffset ChosenAt);
