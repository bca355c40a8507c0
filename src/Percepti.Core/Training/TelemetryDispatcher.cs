using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Percepti.Core.Reactive;

namespace Percepti.Core.Training;

/// <summary>
/// Delivers training events on its own thread so subscribers never block training. When delivery
/// falls behind, batch-level events are dropped; epoch-level and terminal events never are.
/// Each subscriber is isolated: one that throws is logged and skipped.
/// </summary>
internal sealed class TelemetryDispatcher : IDisposable
{
    private readonly int _maxDroppableBacklog;
    private readonly Subject<TrainingEvent> _subject = new();
    private readonly Queue<TrainingEvent> _queue = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Task _pump;
    private readonly ILogger _logger;
    private bool _completed;

    /// <summary>Starts the delivery thread.</summary>
    /// <param name="logger">Where subscriber failures go.</param>
    /// <param name="burst">
    /// How many droppable events may arrive at once (batch events come in windows); the backlog holds two bursts
    /// (and at least 32 events) before it drops, so a subscriber that keeps up on average loses nothing.
    /// </param>
    public TelemetryDispatcher(ILogger logger, int burst = 1)
    {
        _logger = logger;
        _maxDroppableBacklog = Math.Max(32, 2 * burst);
        Events = _subject.Isolate((exception, value) => TrainingLog.SubscriberFailed(_logger, exception, value.GetType().Name));
        _pump = Task.Run(PumpAsync);
    }

    public IObservable<TrainingEvent> Events { get; }

    public long Dropped { get; private set; }

    /// <summary>Queues an event without waiting; drops it when it may be dropped and delivery is behind.</summary>
    public void Publish(TrainingEvent value)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (value.MayBeDropped && _queue.Count >= _maxDroppableBacklog)
            {
                Dropped++;
                return;
            }

            _queue.Enqueue(value);
        }

        _signal.Release();
    }

    /// <summary>Delivers what is queued, then completes the stream.</summary>
    public Task CompleteAsync()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _signal.Release();
        return _pump;
    }

    public void Dispose()
    {
        CompleteAsync().Wait(TimeSpan.FromSeconds(10));
        _signal.Dispose();
        _subject.Dispose();
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            await _signal.WaitAsync().ConfigureAwait(false);
            while (true)
            {
                TrainingEvent? next;
                bool done;
                lock (_gate)
                {
                    done = _completed && _queue.Count == 0;
                    next = _queue.Count > 0 ? _queue.Dequeue() : null;
                }

                if (next is not null)
                {
                    _subject.OnNext(next);
                    continue;
                }

                if (done)
                {
                    _subject.OnCompleted();
                    return;
                }

                break;
            }
        }
    }
}
