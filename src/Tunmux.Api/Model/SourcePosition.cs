namespace Tunmux.Api.Model;

/// <summary>A place in a manifest file, 1-based, as editors and compilers print it.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
