using Microsoft.Extensions.Logging;

namespace Percepti.Core.Training;

/// <summary>The trainer's log messages.</summary>
internal static partial class TrainingLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "A training-event subscriber threw on {Event}; it was skipped.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Training failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Skipped batch {Batch} of epoch {Epoch}: the loss is {Loss}.")]
    public static partial void SkippedBatch(ILogger logger, int epoch, int batch, double loss);
}
