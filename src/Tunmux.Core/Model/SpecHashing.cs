using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Core.Model;

internal static class SpecHashing
{
    public static string Of(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..16];
}
