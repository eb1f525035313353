namespace Tunmux.Api.Model;

/// <summary>One problem in the manifests, with where it is and which field it concerns.</summary>
public sealed record ManifestError(SourcePosition Position, string FieldPath, string Message)
{
    public override string ToString() =>
        FieldPath.Length == 0 ? $"{Position}: {Message}" : $"{Position}: {FieldPath}: {Message}";
}
