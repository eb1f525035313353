using System.Collections.Concurrent;

namespace Tunmux.Proxy.Tests.Infrastructure;

internal sealed class CollectingAccessLog : IAccessLogSink
{
    private readonly ConcurrentQueue<AccessLogEntry> _entries = new();

    public IReadOnlyList<AccessLogEntry> Entries => [.. _entries];

    public void Write(AccessLogEntry entry) => _entries.Enqueue(entry);
}
