using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunmux.Daemon.Control;

/// <summary>
/// The wire form of requests and responses: one JSON object per line, camelCase names,
/// absent members omitted. Parsing never echoes the offending text back (it may hold a secret);
/// it reports where the problem is.
/// </summary>
public static class ControlJson
{
    private const byte Newline = (byte)'\n';

    /// <summary>Explicit limits, not the reader's defaults: nesting depth, no comments, no trailing commas.</summary>
    private static readonly JsonDocumentOptions ReaderLimits = new()
    {
        MaxDepth = ControlProtocol.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static ParsedRequest ParseRequest(ReadOnlySpan<byte> line)
    {
        if (line.Length > ControlProtocol.MaxLineBytes)
        {
            return ParsedRequest.Invalid(
                $"malformed request: longer than {ControlProtocol.MaxLineBytes} bytes", ControlErrorCodes.MalformedRequest);
        }

        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line, documentOptions: ReaderLimits) as JsonObject;

            // JsonObject builds its dictionary lazily; touch it here so a duplicate name fails inside this try.
            _ = message?.Count;
        }
        catch (JsonException e) when (e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return ParsedRequest.Invalid(
                $"malformed request: nested deeper than {ControlProtocol.MaxJsonDepth} levels", ControlErrorCodes.MalformedRequest);
        }
        catch (JsonException e)
        {
            return ParsedRequest.Invalid(
                $"malformed request: not valid JSON (byte {e.BytePositionInLine ?? 0})", ControlErrorCodes.MalformedRequest);
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a property name that appears twice.
            return ParsedRequest.Invalid("malformed request: a property appears twice", ControlErrorCodes.MalformedRequest);
        }

        if (message is null)
        {
            return ParsedRequest.Invalid("malformed request: expected a JSON object", ControlErrorCodes.MalformedRequest);
        }

        if (!TryGetInt(message, "version", out var version))
        {
            return ParsedRequest.Invalid(
                $"malformed request: \"version\" must be an integer (daemon speaks {ControlProtocol.Version})",
                ControlErrorCodes.MalformedRequest);
        }

        if (version != ControlProtocol.Version)
        {
            return ParsedRequest.Invalid(
                $"protocol version {version} not supported (daemon speaks {ControlProtocol.Version})",
                ControlErrorCodes.UnsupportedVersion);
        }

        if (!TryGetString(message, "kind", out var kind) || string.IsNullOrWhiteSpace(kind))
        {
            return ParsedRequest.Invalid("malformed request: \"kind\" must be a non-empty string", ControlErrorCodes.MalformedRequest);
        }

        var body = message["body"];
        if (body is not null and not JsonObject)
        {
            return ParsedRequest.Invalid("malformed request: \"body\" must be an object", ControlErrorCodes.MalformedRequest);
        }

        message.Remove("body");
        return ParsedRequest.Valid(new ControlRequest(version, kind, (JsonObject?)body));
    }

    /// <summary>The response as one UTF-8 line, newline included.</summary>
    public static byte[] SerializeResponse(ControlResponse response) => WriteLine(writer =>
    {
        writer.WriteNumber("version", response.Version);
        writer.WriteBoolean("ok", response.Ok);
        if (response.Error is not null)
        {
            writer.WriteString("error", response.Error);
        }

        if (response.Code is not null)
        {
            writer.WriteString("code", response.Code);
        }

        if (response.Body is not null)
        {
            writer.WritePropertyName("body");
            response.Body.WriteTo(writer);
        }
    });

    /// <summary>The request as one UTF-8 line, newline included.</summary>
    public static byte[] SerializeRequest(ControlRequest request) => WriteLine(writer =>
    {
        writer.WriteNumber("version", request.Version);
        writer.WriteString("kind", request.Kind);
        if (request.Body is not null)
        {
            writer.WritePropertyName("body");
            request.Body.WriteTo(writer);
        }
    });

    /// <summary>Reads a response line; throws <see cref="FormatException"/> when it is not one.</summary>
    public static ControlResponse ParseResponse(ReadOnlySpan<byte> line)
    {
        if (line.Length > ControlProtocol.MaxLineBytes)
        {
            throw new FormatException($"the daemon's response is longer than {ControlProtocol.MaxLineBytes} bytes");
        }

        JsonObject message;
        try
        {
            message = JsonNode.Parse(line, documentOptions: ReaderLimits) as JsonObject ?? throw new FormatException("the daemon's response is not a JSON object");
            _ = message.Count;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new FormatException("the daemon's response is not valid JSON", e);
        }

        if (!TryGetInt(message, "version", out var version) || message["ok"] is not JsonValue ok || !ok.TryGetValue<bool>(out var isOk))
        {
            throw new FormatException("the daemon's response lacks \"version\" or \"ok\"");
        }

        TryGetString(message, "error", out var error);
        TryGetString(message, "code", out var code);
        var body = message["body"] as JsonObject;
        message.Remove("body");
        return new ControlResponse(version, isOk, error, body) { Code = code };
    }

    private static byte[] WriteLine(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        buffer.Write([Newline]);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryGetInt(JsonObject message, string name, out int value)
    {
        value = 0;
        return message[name] is JsonValue node && node.GetValueKind() == JsonValueKind.Number && node.TryGetValue(out value);
    }

    private static bool TryGetString(JsonObject message, string name, out string? value)
    {
        value = null;
        return message[name] is JsonValue node && node.TryGetValue(out value);
    }
}
