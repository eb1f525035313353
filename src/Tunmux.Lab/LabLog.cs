using Microsoft.Extensions.Logging;

namespace Tunmux.Lab;

internal static partial class LabLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Lab: {Step}")]
    public static partial void Step(ILogger logger, string step);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Lab runs {Command}")]
    public static partial void Running(ILogger logger, string command);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Lab teardown: {Problem}")]
    public static partial void TeardownProblem(ILogger logger, string problem);
}
