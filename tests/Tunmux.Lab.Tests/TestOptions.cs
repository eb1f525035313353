using Tunmux.Lab;

namespace Tunmux.Lab.Tests;

internal static class TestOptions
{
    public static readonly IReadOnlyList<string> Self = ["/usr/bin/tunmux"];

    public static LabOptions Default(int exits = 2) => LabOptions.Default(exits, Self);

    public static LabOptions InSandbox(int exits = 2) =>
        new(exits, "tml1234_", "w1234L", "/tmp/lab-test", Self, HostNamespace: "tmxsb1234");
}
