namespace Tunmux.Api.Schema.Crd;

/// <summary>A column `kubectl get` shows for a custom resource (additionalPrinterColumns).</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description);
