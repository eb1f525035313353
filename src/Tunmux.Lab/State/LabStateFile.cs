using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tunmux.Lab.State;

/// <summary>Reads and writes the lab's state file (JSON, replaced atomically, mode 0600).</summary>
public static class LabStateFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string PathIn(string directory) => System.IO.Path.Combine(directory, LabNames.StateFile);

    /// <summary>The recorded state, or null when there is none.</summary>
    public static LabState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"lab state file {path} is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"lab state file {path} is not valid: {ex.Message}", ex);
        }
    }

    public static void Save(string path, LabState state) =>
        PrivateFile.Write(path, JsonSerializer.Serialize(state, Json) + "\n");
}
