namespace Tunmux.Proxy.Tests.Clients;

/// <summary>A theory that is skipped, saying which package to install, when Chromium is missing.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (ChromiumRunner.Executable is null)
        {
            Skip = ChromiumRunner.MissingMessage;
        }
    }
}
