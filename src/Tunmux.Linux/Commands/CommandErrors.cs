namespace Tunmux.Linux.Commands;

/// <summary>Reads iproute2's error output, so that deleting something already gone counts as done.</summary>
public static class CommandErrors
{
    private static readonly string[] GoneMarkers =
    [
        "Cannot find device",
        "does not exist",
        "No such file or directory",
        "Cannot open network namespace",
    ];

    /// <summary>True when the command failed only because its target is not there.</summary>
    public static bool IsGone(CommandResult result) =>
        !result.Succeeded && GoneMarkers.Any(marker => result.StandardError.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
