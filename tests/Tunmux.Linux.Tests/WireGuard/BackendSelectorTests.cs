using Tunmux.Core.Model;
using Tunmux.Linux.WireGuard;

namespace Tunmux.Linux.Tests.WireGuard;

public sealed class BackendSelectorTests
{
    private sealed class Probe(bool kernel, bool userspace) : IWireGuardProbe
    {
        public int KernelProbes { get; private set; }

        public Task<bool> KernelHasWireGuardAsync(CancellationToken cancellationToken)
        {
            KernelProbes++;
            return Task.FromResult(kernel);
        }

        public bool UserspaceAvailable() => userspace;
    }

    [Fact]
    public async Task Auto_falls_back_to_userspace_when_the_kernel_lacks_WireGuard()
    {
        (await BackendSelector.SelectAsync(BackendKind.Auto, new Probe(kernel: false, userspace: true), CancellationToken.None))
            .Should().Be(BackendKind.Userspace);
    }

    [Fact]
    public async Task Auto_prefers_the_kernel_when_it_has_WireGuard()
    {
        (await BackendSelector.SelectAsync(BackendKind.Auto, new Probe(kernel: true, userspace: true), CancellationToken.None))
            .Should().Be(BackendKind.Kernel);
    }

    [Fact]
    public async Task Auto_with_neither_backend_says_what_to_install()
    {
        var act = () => BackendSelector.SelectAsync(BackendKind.Auto, new Probe(kernel: false, userspace: false), CancellationToken.None);

        await act.Should().ThrowAsync<BackendUnavailableException>().WithMessage("*install wireguard-go*");
    }

    [Fact]
    public async Task Kernel_is_refused_when_the_kernel_lacks_WireGuard_even_if_wireguard_go_exists()
    {
        var act = () => BackendSelector.SelectAsync(BackendKind.Kernel, new Probe(kernel: false, userspace: true), CancellationToken.None);

        await act.Should().ThrowAsync<BackendUnavailableException>().WithMessage("backend 'kernel' needs the WireGuard kernel module*");
    }

    [Fact]
    public async Task Userspace_is_chosen_without_probing_the_kernel()
    {
        var probe = new Probe(kernel: true, userspace: true);

        (await BackendSelector.SelectAsync(BackendKind.Userspace, probe, CancellationToken.None)).Should().Be(BackendKind.Userspace);
        probe.KernelProbes.Should().Be(0);
    }

    [Fact]
    public async Task Userspace_is_refused_without_wireguard_go()
    {
        var act = () => BackendSelector.SelectAsync(BackendKind.Userspace, new Probe(kernel: true, userspace: false), CancellationToken.None);

        await act.Should().ThrowAsync<BackendUnavailableException>().WithMessage("backend 'userspace' needs wireguard-go*");
    }
}
