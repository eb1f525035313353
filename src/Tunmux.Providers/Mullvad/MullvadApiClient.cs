using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tunmux.Core.Model;
using Tunmux.Providers.Http;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// Mullvad's REST API: an access token from the account number, devices (a WireGuard key
/// each, with the tunnel addresses Mullvad assigns), and the relay list. Replies are turned
/// into records or a <see cref="MullvadApiException"/> a person can act on.
/// </summary>
public sealed class MullvadApiClient(JsonHttpClient http)
{
    private static MullvadWireJsonContext Json => MullvadWireJsonContext.Default;

    public Uri BaseAddress => http.BaseAddress;

    public async Task<(Secret Token, DateTimeOffset? Expiry)> CreateTokenAsync(Secret accountNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountNumber);
        var body = JsonSerializer.Serialize(new MullvadWire.TokenRequest(accountNumber.Reveal()), Json.TokenRequest);
        var reply = await SendAsync(HttpMethod.Post, MullvadApi.TokenPath, body, null, "logging in", cancellationToken).ConfigureAwait(false);
        var token = Parse(reply, Json.TokenResponse, "the token reply");
        return token.AccessToken is { Length: > 0 } value
            ? (new Secret(value), token.Expiry)
            : throw new MullvadApiException("Mullvad's token reply holds no access_token.", MullvadFailure.Malformed);
    }

    public async Task<MullvadWire.AccountResponse> GetAccountAsync(Secret token, CancellationToken cancellationToken) =>
        Parse(await SendAsync(HttpMethod.Get, MullvadApi.AccountPath, null, token, "reading the account", cancellationToken).ConfigureAwait(false), Json.AccountResponse, "the account reply");

    public async Task<MullvadDevice> CreateDeviceAsync(Secret token, string publicKey, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new MullvadWire.DeviceRequest(publicKey, HijackDns: false), Json.DeviceRequest);
        return Device(await SendAsync(HttpMethod.Post, MullvadApi.DevicesPath, body, token, "registering a device", cancellationToken).ConfigureAwait(false));
    }

    public async Task<MullvadDevice> GetDeviceAsync(Secret token, string id, CancellationToken cancellationToken) =>
        Device(await SendAsync(HttpMethod.Get, MullvadApi.DevicePath(id), null, token, "reading the device", cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<MullvadDevice>> ListDevicesAsync(Secret token, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Get, MullvadApi.DevicesPath, null, token, "listing devices", cancellationToken).ConfigureAwait(false);
        return [.. Parse(reply, Json.ListDeviceResponse, "the device list").Select(ToDevice)];
    }

    /// <summary>Replaces the device's WireGuard key; Mullvad keeps the device and its addresses.</summary>
    public async Task<MullvadDevice> ReplaceKeyAsync(Secret token, string id, string publicKey, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new MullvadWire.KeyRequest(publicKey), Json.KeyRequest);
        return Device(await SendAsync(HttpMethod.Put, MullvadApi.DeviceKeyPath(id), body, token, "replacing the device key", cancellationToken).ConfigureAwait(false));
    }

    public async Task DeleteDeviceAsync(Secret token, string id, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, MullvadApi.DevicePath(id), null, token, "removing the device", cancellationToken).ConfigureAwait(false);

    public async Task<MullvadRelayList> GetRelaysAsync(CancellationToken cancellationToken)
    {
        var reply = await SendAsync(HttpMethod.Get, MullvadApi.RelaysPath, null, null, "fetching the relay list", cancellationToken).ConfigureAwait(false);
        return MullvadRelayList.FromWire(Parse(reply, Json.RelaysResponse, "the relay list"));
    }

    private async Task<HttpReply> SendAsync(HttpMethod method, string path, string? json, Secret? token, string doing, CancellationToken cancellationToken)
    {
        var headers = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token.Reveal()}" };
        HttpReply reply;
        try
        {
            reply = await http.SendAsync(method, path, json, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnreachableException exception)
        {
            throw new MullvadApiException($"Mullvad's API is unreachable while {doing}: {exception.Message}", MullvadFailure.Unreachable, inner: exception);
        }

        return reply.IsSuccess ? reply : throw Error(reply, doing);
    }

    private static MullvadApiException Error(HttpReply reply, string doing)
    {
        MullvadWire.ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(reply.Body, Json.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): the status alone explains it.
        }

        var code = error?.Code;
        var status = (int)reply.Status;
        return code switch
        {
            MullvadApi.InvalidAccount => new("Mullvad does not know this account number; check it and log in again", MullvadFailure.Refused, code),
            MullvadApi.MaxDevicesReached => new(
                "the Mullvad account already has its maximum number of devices; remove one on mullvad.net (or `tunmux mullvad logout` where it is no longer used)",
                MullvadFailure.Refused,
                code),
            MullvadApi.DeviceNotFound => new("this device was removed from the Mullvad account (revoked)", MullvadFailure.Revoked, code),
            MullvadApi.InvalidAccessToken or MullvadApi.InvalidAuth => new("Mullvad rejected the access token (expired or revoked)", MullvadFailure.Refused, code),
            MullvadApi.PubkeyInUse => new("Mullvad says this WireGuard key is already in use", MullvadFailure.Refused, code),
            _ when reply.Status == HttpStatusCode.NotFound && error is null => new($"Mullvad answered 404 while {doing}: is the API URL right?", MullvadFailure.Malformed, code),
            _ => new(
                $"Mullvad answered HTTP {status} while {doing}{(code is null ? "" : $" ({code}{(error?.Detail is { } detail ? $": {detail}" : "")})")}",
                status >= 500 || error is null ? MullvadFailure.Malformed : MullvadFailure.Refused,
                code),
        };
    }

    private static MullvadDevice Device(HttpReply reply) => ToDevice(Parse(reply, Json.DeviceResponse, "the device reply"));

    private static MullvadDevice ToDevice(MullvadWire.DeviceResponse device) =>
        device.Id is { Length: > 0 } id && device.Pubkey is { Length: > 0 } key
            ? new MullvadDevice(id, device.Name ?? "", key, device.Ipv4Address ?? "", device.Ipv6Address ?? "", device.Created)
            : throw new MullvadApiException("Mullvad's device reply lacks id or pubkey.", MullvadFailure.Malformed);

    private static T Parse<T>(HttpReply reply, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(reply.Body, type) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            // The body may echo credentials: name the part, not the content.
            throw new MullvadApiException($"Mullvad's API sent something that is not {what} ({reply.Body.Length} bytes)", MullvadFailure.Malformed);
        }
    }
}

/// <summary>A device on the account: its id, Mullvad's name for it ("witty otter"), key and tunnel addresses.</summary>
public sealed record MullvadDevice(string Id, string Name, string PublicKey, string Ipv4Address, string Ipv6Address, DateTimeOffset? Created);
