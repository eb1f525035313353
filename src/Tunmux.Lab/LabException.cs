namespace Tunmux.Lab;

/// <summary>The lab could not be built or removed; the message says what and where to look.</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
