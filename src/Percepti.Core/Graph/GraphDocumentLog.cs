using Microsoft.Extensions.Logging;

namespace Percepti.Core.Graph;

/// <summary>The graph document's log messages.</summary>
internal static partial class GraphDocumentLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "A subscriber to the document's changes threw on version {Version}; it was skipped.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, long version);
}
