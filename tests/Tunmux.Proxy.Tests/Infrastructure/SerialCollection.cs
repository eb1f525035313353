namespace Tunmux.Proxy.Tests.Infrastructure;

/// <summary>Tests that measure the whole process (heap size) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
