namespace Tunmux.Linux.Netns;

/// <summary>Linux's values for the socket() arguments the bare system calls in this folder use.</summary>
internal static class SocketConstants
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int IpProtoTcp = 6;
    public const int IpProtoUdp = 17;
}
