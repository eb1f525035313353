namespace Tunmux.EndToEnd.Tests.Apply;

/// <summary>
/// End-to-end classes run one after another: each builds a lab with several processes, and
/// two cores are better spent on one at a time than on contention and timeouts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
