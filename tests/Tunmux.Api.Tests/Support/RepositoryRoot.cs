namespace Tunmux.Api.Tests.Support;

/// <summary>The checkout the tests run from: the folder holding tunmux.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "tunmux.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No tunmux.sln above {AppContext.BaseDirectory}.");
    }
}
