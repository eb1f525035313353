using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Tunmux.Kubernetes.Tests.Chart;

/// <summary>charts/tunmux rendered for a set of values: every manifest, parsed as YAML.</summary>
internal sealed class RenderedChart
{
    private RenderedChart(IReadOnlyList<YamlMappingNode> manifests, string notes)
    {
        Manifests = manifests;
        Notes = notes;
    }

    public static string Folder { get; } = FindChart();

    public IReadOnlyList<YamlMappingNode> Manifests { get; }

    public string Notes { get; }

    public static Dictionary<object, object?> DefaultValues() =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(File.ReadAllText(Path.Combine(Folder, "values.yaml")));

    public static RenderedChart Render(Dictionary<object, object?>? values = null, params string[] apiVersions)
    {
        var context = new RenderContext(values ?? DefaultValues(), "tunmux", "tunmux-system", new HashSet<string>(["v1", "apps/v1", .. apiVersions]));
        var manifests = new List<YamlMappingNode>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Folder, "templates"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var text = ChartTemplate.Parse(File.ReadAllText(file)).Render(context);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            manifests.AddRange(stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>());
        }

        var notes = ChartTemplate.Parse(File.ReadAllText(Path.Combine(Folder, "templates", "NOTES.txt"))).Render(context);
        return new RenderedChart(manifests, notes);
    }

    public YamlMappingNode Single(string kind) => Manifests.Single(m => m.Text("kind") == kind);

    public IEnumerable<YamlMappingNode> All(string kind) => Manifests.Where(m => m.Text("kind") == kind);

    private static string FindChart()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var chart = Path.Combine(folder.FullName, "charts", "tunmux");
            if (File.Exists(Path.Combine(folder.FullName, "tunmux.sln")))
            {
                return chart;
            }
        }

        throw new InvalidOperationException("no tunmux.sln above the test folder");
    }
}

/// <summary>Short reads of YAML trees.</summary>
internal static class YamlPaths
{
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var part in path)
        {
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(part), out var child) ? child : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode list ? list.Children : [];

    public static IEnumerable<string> Texts(this YamlNode node, params string[] path) =>
        node.Items(path).OfType<YamlScalarNode>().Select(s => s.Value ?? "");
}
