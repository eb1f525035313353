using Tunmux.Api.Schema;

namespace Tunmux.Daemon.Control.Protocol;

/// <summary>
/// Checks a decoded request's fields before anything acts on it. Each problem names its field
/// ("manifests[2].path") and says what is wrong; none quotes a value, which may be a secret.
/// </summary>
public static class RequestValidator
{
    private static readonly string[] GetKinds = ["tunnels", "tunnel", "proxies", "proxy"];

    public static IReadOnlyList<string> Check(ApplyRequest request)
    {
        var problems = new List<string>();
        Manifests(request.Manifests, required: true, problems);
        Files(request.Files, problems);
        return problems;
    }

    public static IReadOnlyList<string> Check(DiffRequest request)
    {
        var problems = new List<string>();
        Manifests(request.Manifests, required: true, problems);
        Files(request.Files, problems);
        return problems;
    }

    public static IReadOnlyList<string> Check(DeleteRequest request)
    {
        var problems = new List<string>();
        Manifests(request.Manifests, required: false, problems);
        var ways = (request.Manifests?.Count > 0 ? 1 : 0) + (request.All ? 1 : 0) + (request.Kind is not null ? 1 : 0);
        if (ways != 1)
        {
            problems.Add("say what to delete: manifests, kind with names, or all (exactly one of them)");
        }

        if (request.Kind is { } kind && !GetKinds.Contains(kind, StringComparer.Ordinal))
        {
            problems.Add("kind: must be tunnel or proxy");
        }

        var names = request.Names ?? [];
        if (request.Kind is not null && names.Count == 0)
        {
            problems.Add("names: name at least one object");
        }

        if (request.Kind is null && names.Count > 0)
        {
            problems.Add("names: only with kind");
        }

        Names(names, "names", problems);
        return problems;
    }

    public static IReadOnlyList<string> Check(GetRequest request)
    {
        var problems = new List<string>();
        Kind(request.Kind, problems);
        if (request.Name is { } name)
        {
            Names([name], "name", problems);
        }

        return problems;
    }

    public static IReadOnlyList<string> Check(DescribeRequest request)
    {
        var problems = new List<string>();
        Kind(request.Kind, problems);
        Names([request.Name], "name", problems);
        return problems;
    }

    public static IReadOnlyList<string> Check(WaitRequest request)
    {
        var problems = new List<string>();
        var subjects = request.Subjects ?? [];
        if (subjects.Count is 0 or > RequestLimits.MaxNames)
        {
            problems.Add($"subjects: between 1 and {RequestLimits.MaxNames}");
        }

        for (var i = 0; i < Math.Min(subjects.Count, RequestLimits.MaxNames); i++)
        {
            var parts = subjects[i]?.Split('/') ?? [];
            if (parts.Length != 2 || parts[0] is not ("tunnel" or "proxy") || !IsName(parts[1]))
            {
                problems.Add($"subjects[{i}]: must be tunnel/NAME or proxy/NAME");
            }
        }

        if (request.TimeoutMilliseconds is < 0 or > RequestLimits.MaxWaitMilliseconds)
        {
            problems.Add($"timeoutMilliseconds: between 0 and {RequestLimits.MaxWaitMilliseconds}");
        }

        return problems;
    }

    /// <summary>An absolute, normalized path without control characters: what the client resolved, nothing to reinterpret.</summary>
    public static bool IsPlainAbsolutePath(string? path) =>
        path is { Length: > 1 and <= RequestLimits.MaxPathChars }
        && path[0] == '/'
        && !path.Any(char.IsControl)
        && !path.EndsWith('/')
        && !path.Contains("//", StringComparison.Ordinal)
        && !path.Split('/').Any(segment => segment is "." or "..");

    private static void Manifests(IReadOnlyList<ManifestText>? manifests, bool required, List<string> problems)
    {
        manifests ??= [];
        if (required && manifests.Count == 0)
        {
            problems.Add("manifests: at least one manifest is required");
        }

        if (manifests.Count > RequestLimits.MaxManifests)
        {
            problems.Add($"manifests: at most {RequestLimits.MaxManifests}");
            return;
        }

        for (var i = 0; i < manifests.Count; i++)
        {
            var manifest = manifests[i];
            if (manifest is null)
            {
                problems.Add($"manifests[{i}]: must be an object");
                continue;
            }

            if (!IsPlainAbsolutePath(manifest.Path))
            {
                problems.Add($"manifests[{i}].path: must be an absolute, normalized path without control characters");
            }

            if (manifest.Text is null || manifest.Text.Length > RequestLimits.MaxManifestChars)
            {
                problems.Add($"manifests[{i}].text: required, at most {RequestLimits.MaxManifestChars} characters");
            }
        }
    }

    private static void Files(IReadOnlyList<ReferencedFile>? files, List<string> problems)
    {
        files ??= [];
        if (files.Count > RequestLimits.MaxFiles)
        {
            problems.Add($"files: at most {RequestLimits.MaxFiles}");
            return;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file is null)
            {
                problems.Add($"files[{i}]: must be an object");
                continue;
            }

            if (!IsPlainAbsolutePath(file.Path))
            {
                problems.Add($"files[{i}].path: must be an absolute, normalized path without control characters");
            }

            if ((file.Content is null) == (file.Problem is null))
            {
                problems.Add($"files[{i}]: exactly one of content and problem");
            }

            if (file.Content is { Length: > RequestLimits.MaxFileChars })
            {
                problems.Add($"files[{i}].content: at most {RequestLimits.MaxFileChars} characters");
            }

            if (file.Problem is { } problem && (problem.Length > RequestLimits.MaxProblemChars || problem.Any(char.IsControl)))
            {
                problems.Add($"files[{i}].problem: at most {RequestLimits.MaxProblemChars} characters, no control characters");
            }
        }
    }

    private static void Kind(string? kind, List<string> problems)
    {
        if (kind is null || !GetKinds.Contains(kind, StringComparer.Ordinal))
        {
            problems.Add("kind: must be tunnels or proxies");
        }
    }

    private static void Names(IReadOnlyList<string?> names, string field, List<string> problems)
    {
        if (names.Count > RequestLimits.MaxNames)
        {
            problems.Add($"{field}: at most {RequestLimits.MaxNames}");
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!IsName(names[i]))
            {
                problems.Add($"{(names.Count == 1 && field == "name" ? field : $"{field}[{i}]")}: must be a name as manifests use (lower-case letters, digits, inner dashes; at most {ManifestLimits.MaxNameLength})");
            }
        }
    }

    private static bool IsName(string? name) =>
        name is { Length: > 0 and <= ManifestLimits.MaxNameLength }
        && System.Text.RegularExpressions.Regex.IsMatch(name, ManifestLimits.NamePattern);
}
