namespace Tunmux.Linux.Netlink;

/// <summary>
/// The numbers this code needs from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h,
/// linux/sock_diag.h and linux/inet_diag.h. They are part of the kernel's stable ABI.
/// </summary>
internal static class NetlinkConstants
{
    public const int AfNetlink = 16;
    public const int AfInet = 2;
    public const int AfInet6 = 10;

    /// <summary>Protocols of an AF_NETLINK socket.</summary>
    public const int NetlinkRoute = 0;
    public const int NetlinkSockDiag = 4;

    /// <summary>sizeof(struct nlmsghdr): u32 length, u16 type, u16 flags, u32 sequence, u32 port id.</summary>
    public const int HeaderLength = 16;

    /// <summary>sizeof(struct rtattr): u16 length (header included), u16 type.</summary>
    public const int AttributeHeaderLength = 4;

    // Control messages every netlink family shares.
    public const ushort Noop = 1;
    public const ushort Error = 2;
    public const ushort Done = 3;
    public const ushort Overrun = 4;

    // Request flags.
    public const ushort Request = 0x1;
    public const ushort Dump = 0x300; // NLM_F_ROOT | NLM_F_MATCH

    /// <summary>NLM_F_DUMP_INTR: the kernel's tables changed while it dumped them; the dump may be inconsistent.</summary>
    public const ushort DumpInterrupted = 0x10;

    // rtnetlink message types.
    public const ushort NewLink = 16;
    public const ushort DelLink = 17;
    public const ushort GetLink = 18;
    public const ushort DelAddress = 21;
    public const ushort NewRoute = 24;
    public const ushort DelRoute = 25;
    public const ushort GetRoute = 26;

    /// <summary>rtnetlink multicast groups as the legacy bit mask of sockaddr_nl.nl_groups (RTMGRP_*).</summary>
    public const uint LinkGroup = 0x1;
    public const uint Ipv4AddressGroup = 0x10;
    public const uint Ipv4RouteGroup = 0x40;
    public const uint Ipv6AddressGroup = 0x100;
    public const uint Ipv6RouteGroup = 0x400;

    /// <summary>SOCK_DIAG_BY_FAMILY: request and reply type of sock_diag dumps.</summary>
    public const ushort SockDiagByFamily = 20;

    /// <summary>Netlink messages and attributes start on 4-byte boundaries (NLMSG_ALIGN, RTA_ALIGN).</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
