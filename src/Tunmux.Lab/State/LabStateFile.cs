using System.Text.Json;
using System.Text.Json.Serialization;
using Tunmux.Files;

namespace Tunmux.Lab.State;

/// <summary>Reads and writes the lab's state file (JSON, replaced atomically, mode 0600).</summary>
public static class LabStateFile
{
    private static LabStateJsonContext Json => LabStateJsonContext.Default;

    public static string PathIn(string directory) => System.IO.Path.Combine(directory, LabNames.StateFile);

    /// <summary>The recorded state, or null when there is none.</summary>
    public static LabState? Load(string path)
    {
        try
        {
            return StateFile.TryReadText(path) is not { } text ? null : JsonSerializer.Deserialize(text, Json.LabState)
                ?? throw new InvalidDataException($"lab state file {path} is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"lab state file {path} is not valid: {ex.Message}", ex);
        }
    }

    public static void Save(string path, LabState state) =>
        PrivateFile.Write(path, JsonSerializer.Serialize(state, Json.LabState) + "\n");
}

/// <summary>Source-generated metadata for the lab's state file (no reflection, so Native AOT reads it).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LabState))]
internal sealed partial class LabStateJsonContext : JsonSerializerContext;
