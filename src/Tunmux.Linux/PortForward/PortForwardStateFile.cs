using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Core.PortForwarding;
using Tunmux.Files;

namespace Tunmux.Linux.PortForward;

/// <summary>
/// The file a port keeper reports in: written whole after every change (a temporary file renamed
/// over it, so a reader never sees half), read by status. JSON, no secrets.
/// </summary>
public static class PortForwardStateFile
{
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<ForwardedPortState> Json => PortForwardStateJsonContext.Default.ForwardedPortState;

    public static void Write(string path, ForwardedPortState state)
    {
        // No secret inside: status reads it as any user.
        StateFile.WriteText(path, JsonSerializer.Serialize(state, Json), StateFile.WorldReadable);
    }

    /// <summary>The reported state, or null when there is none yet or it cannot be read.</summary>
    public static ForwardedPortState? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(StateFile.ReadText(path), Json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated metadata for the keeper's state file (no reflection, so Native AOT reads it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ForwardedPortState))]
internal sealed partial class PortForwardStateJsonContext : JsonSerializerContext;
