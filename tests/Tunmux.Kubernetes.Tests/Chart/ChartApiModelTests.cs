using k8s;
using YamlDotNet.RepresentationModel;

namespace Tunmux.Kubernetes.Tests.Chart;

/// <summary>
/// Every object the chart renders (and every CRD it ships) read strictly into the Kubernetes
/// API's own models, from KubernetesClient: a misspelt field, a field at the wrong level or a
/// value of the wrong type fails here, as `kubectl apply` would fail on a cluster. No API
/// server or helm binary can run here, so this stands in for the server's validation of field
/// names and types (not for admission rules).
/// </summary>
public sealed class ChartApiModelTests
{
    public static TheoryData<string> Variants() => ["defaults", "privileged", "configMap source", "with a ServiceMonitor API"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_rendered_object_is_a_valid_object_of_its_kind(string variant)
    {
        var chart = Render(variant);
        var builtIn = chart.Manifests.Where(m => m.Text("kind") != "ServiceMonitor").ToList();

        var objects = KubernetesYaml.LoadAllFromString(Text(builtIn), typeMap: null, strict: true);

        objects.Should().HaveCount(builtIn.Count);
        objects.Select(o => o.GetType().Name).Should().Contain("V1DaemonSet");
        objects.OfType<IKubernetesObject>().Select(o => o.Kind).Should().Equal(builtIn.Select(m => m.Text("kind")));
    }

    [Fact]
    public void The_shipped_CRDs_are_valid_custom_resource_definitions()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RenderedChart.Folder, "crds"), "*.yaml").Order(StringComparer.Ordinal).ToList();

        var crds = files.Select(file => KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(File.ReadAllText(file), strict: true)).ToList();

        crds.Select(crd => crd.Metadata.Name).Should().Equal("proxies.tunmux.io", "tunnels.tunmux.io");
        crds.Should().AllSatisfy(crd => crd.Spec.Versions.Should().ContainSingle(v => v.Name == "v1alpha1" && v.Served && v.Storage));
    }

    [Fact]
    public void A_misspelt_field_is_caught_so_the_check_has_teeth()
    {
        var daemonSet = Render("defaults").Single("DaemonSet");
        var spelled = Text([daemonSet]);
        var misspelt = spelled.Replace("mountPropagation", "mountPropogation", StringComparison.Ordinal);
        misspelt.Should().NotBe(spelled, "the default DaemonSet mounts /run/netns with a propagation mode");

        var read = () => KubernetesYaml.LoadAllFromString(misspelt, typeMap: null, strict: true);

        read.Should().Throw<Exception>().Which.ToString().Should().Contain("mountPropogation");
    }

    private static RenderedChart Render(string variant)
    {
        var values = RenderedChart.DefaultValues();
        switch (variant)
        {
            case "privileged":
                values["privileged"] = "true";
                break;
            case "configMap source":
                ((Dictionary<object, object?>)values["source"]!)["mode"] = "configMap";
                break;
            case "with a ServiceMonitor API":
                return RenderedChart.Render(values, "monitoring.coreos.com/v1");
        }

        return RenderedChart.Render(values);
    }

    private static string Text(IEnumerable<YamlMappingNode> manifests)
    {
        var writer = new StringWriter();
        new YamlStream(manifests.Select(m => new YamlDocument(m))).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
