namespace Tunmux.Lab;

/// <summary>Where the example manifest puts each exit's proxies: the usual 1080 and 8118 onwards.</summary>
public static class LabPorts
{
    public static int Socks(int exit) => 1079 + exit;

    public static int Http(int exit) => 8117 + exit;
}
