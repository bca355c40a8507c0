using Microsoft.Extensions.Logging;
using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>The preview engine's log messages.</summary>
internal static partial class PreviewLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "A preview subscriber threw for {Node}; it was skipped.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, NodeId node);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Preview of graph version {Version} failed unexpectedly.")]
    public static partial void RunFailed(ILogger logger, Exception exception, long version);
}
