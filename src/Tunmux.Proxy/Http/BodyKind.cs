namespace Tunmux.Proxy.Http;

internal enum BodyKind
{
    None,
    Length,
    Chunked,
    UntilClose,
}
