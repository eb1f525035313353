using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Tunmux.Cli.Tests;

/// <summary>
/// Log event ids are unique across the product, so an id in a log line names one message. The
/// CLI references every tunmux assembly, so its test output folder holds them all.
/// </summary>
public sealed class LogEventIdTests
{
    private static IReadOnlyList<Assembly> TunmuxAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Tunmux.*.dll")
            .Append(Path.Combine(AppContext.BaseDirectory, "tunmux.dll")) // the CLI's own assembly
            .Append(Path.Combine(AppContext.BaseDirectory, "tunmux-proxy-worker.dll")) // the proxy worker's
            .Where(path => !Path.GetFileName(path).Contains(".Tests", StringComparison.Ordinal) && !Path.GetFileName(path).StartsWith("Tunmux.Testing", StringComparison.Ordinal))
            .Select(path => Assembly.LoadFrom(path))
            .ToList();

    private static IEnumerable<(int Id, string Where)> LogMessages(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, $"{type.FullName}.{method.Name}");

    [Fact]
    public void Every_product_assembly_is_inspected()
    {
        TunmuxAssemblies().Select(a => a.GetName().Name).Should().Contain(
            ["Tunmux.Api", "Tunmux.Core", "Tunmux.Runtime", "Tunmux.Linux", "Tunmux.Lab", "Tunmux.Proxy", "Tunmux.Providers", "Tunmux.Daemon", "Tunmux.Kubernetes", "tunmux", "tunmux-proxy-worker"]);
    }

    [Fact]
    public void Every_logger_message_has_an_event_id_of_its_own()
    {
        var messages = TunmuxAssemblies().SelectMany(LogMessages).ToList();
        messages.Should().HaveCountGreaterThan(50, "the product logs through [LoggerMessage] methods");
        messages.Should().NotContain(m => m.Id == 0, "an id of 0 means none was given");
        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}")
            .ToList();
        shared.Should().BeEmpty();
    }
}
