namespace Tunmux.Testing.TestServers.Proton;

/// <summary>How the test server misbehaves on an endpoint, to drive the client's error paths.</summary>
public enum ProtonFault
{
    None,

    /// <summary>HTTP 500 with an HTML page, as a failing proxy or backend would.</summary>
    InternalError,

    /// <summary>HTTP 200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>HTTP 422, Code 9001: Proton wants a CAPTCHA.</summary>
    HumanVerification,
}
