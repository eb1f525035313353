using System.Globalization;

namespace Tunmux.Core.Direct.Routing;

/// <summary>
/// One host change of direct-mode routing, as data. <see cref="Arguments"/> is the argv for ip(8)
/// after the program name (or the sysctl key and value), so the plan, its golden text and what runs
/// are the same thing.
/// </summary>
public abstract record RouteStep
{
    private RouteStep()
    {
    }

    public abstract IReadOnlyList<string> Arguments { get; }

    public abstract string Program { get; }

    public string Render() => $"{Program} {string.Join(' ', Arguments)}";

    /// <summary>A kernel setting, e.g. <c>net.ipv4.conf.all.src_valid_mark=1</c>.</summary>
    public sealed record Sysctl(string Key, string Value) : RouteStep
    {
        public override string Program => "sysctl";

        public override IReadOnlyList<string> Arguments => ["-w", $"{Key}={Value}"];
    }

    /// <summary>A policy rule, added with a fixed priority so it can be deleted exactly.</summary>
    public sealed record Rule(IpFamily Family, bool Add, int Priority, IReadOnlyList<string> Selector) : RouteStep
    {
        public override string Program => "ip";

        public override IReadOnlyList<string> Arguments =>
            [Flag(Family), "rule", Add ? "add" : "del", .. Selector, "priority", Priority.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>A route in the tunnel's table: through the interface, or unreachable as the floor under it.</summary>
    public sealed record Route(IpFamily Family, string Destination, string? Device, uint Table, uint? Metric) : RouteStep
    {
        public override string Program => "ip";

        public override IReadOnlyList<string> Arguments =>
        [
            Flag(Family), "route", "replace",
            .. Device is null ? new[] { "unreachable", Destination } : [Destination, "dev", Device],
            "table", Table.ToString(CultureInfo.InvariantCulture),
            .. Metric is { } metric ? new[] { "metric", metric.ToString(CultureInfo.InvariantCulture) } : [],
        ];
    }

    /// <summary>
    /// Remove the unreachable floor. <c>ip -6 route flush</c> leaves unreachable routes behind, so
    /// the floor is deleted by name before the table is flushed.
    /// </summary>
    public sealed record RemoveFloor(IpFamily Family, uint Table, uint Metric) : RouteStep
    {
        public override string Program => "ip";

        public override IReadOnlyList<string> Arguments =>
        [
            Flag(Family), "route", "del", "unreachable", Family == IpFamily.V4 ? "0.0.0.0/0" : "::/0",
            "table", Table.ToString(CultureInfo.InvariantCulture), "metric", Metric.ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>Empty the tunnel's table.</summary>
    public sealed record FlushTable(IpFamily Family, uint Table) : RouteStep
    {
        public override string Program => "ip";

        public override IReadOnlyList<string> Arguments => [Flag(Family), "route", "flush", "table", Table.ToString(CultureInfo.InvariantCulture)];
    }

    private static string Flag(IpFamily family) => family == IpFamily.V4 ? "-4" : "-6";
}

public enum IpFamily
{
    V4,
    V6,
}
