using Tunmux.Api.Tests.Support;

namespace Tunmux.Api.Tests.Validation;

public sealed class LabelValidationTests
{
    private static string[] Errors(string labels) => Manifests.Errors($$"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata:
          name: lab-1
          labels:
        {{labels}}
        spec:
          wireguard: {configFile: x.conf}
        """);

    [Fact]
    public void Kubernetes_style_labels_are_accepted()
    {
        Errors("    site: lab\n    tunmux.io/exit-group: eu_1\n    empty: \"\"\n    app.kubernetes.io/name: Tunmux.Exit").Should().BeEmpty();
    }

    [Fact]
    public void Label_keys_need_a_well_formed_name()
    {
        Errors("    -site: lab").Should().Equal(
            "test.yaml:6:12: metadata.labels.-site: label key \"-site\" needs a name of 1-63 letters, digits, '-', '_' or '.', "
            + "starting and ending with a letter or digit");
    }

    [Fact]
    public void Label_key_prefixes_are_lower_case_dns_names()
    {
        Errors("    Example.COM/site: lab").Should().Equal(
            "test.yaml:6:23: metadata.labels[\"Example.COM/site\"]: label key prefix \"Example.COM\" must be a lower-case DNS name (example.com/)");
    }

    [Fact]
    public void Label_values_are_at_most_63_characters()
    {
        var value = new string('v', 64);

        Errors($"    site: {value}").Should().Equal(
            $"test.yaml:6:11: metadata.labels.site: label value \"{value}\" must be at most 63 letters, digits, '-', '_' or '.', "
            + "starting and ending with a letter or digit");
    }

    [Fact]
    public void The_owner_label_is_the_daemons_and_no_manifest_may_set_it()
    {
        // Who declared an object decides who may change it; a manifest claiming an owner must not be kept.
        Errors("    tunmux.io/owner-uid: \"1000\"").Should().ContainSingle().Which.Should().EndWith(
            "metadata.labels[\"tunmux.io/owner-uid\"]: is the daemon's record of who declared the object; a manifest may not set it");
    }
}
