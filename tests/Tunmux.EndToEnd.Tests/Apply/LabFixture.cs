using Tunmux.EndToEnd.Tests.Infrastructure;

namespace Tunmux.EndToEnd.Tests.Apply;

/// <summary>One two-exit lab shared by the tests of a class; each test applies what it needs.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    private LabSandbox? _lab;

    public LabSandbox Lab => _lab ?? throw new InvalidOperationException("lab not started");

    public async Task InitializeAsync()
    {
        if (RootFactAttribute.IsRoot)
        {
            _lab = await LabSandbox.StartAsync(exits: 2);
        }
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }
}
