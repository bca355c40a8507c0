using System.Reactive.Linq;

namespace Percepti.Core.Reactive;

/// <summary>Keeps one failing subscriber from stopping a stream for the others.</summary>
internal static class IsolatedSubscribers
{
    /// <summary>
    /// Each subscriber gets the values of <paramref name="source"/>; when its handler throws, the value is
    /// skipped for it, <paramref name="onFailure"/> is told, and every subscriber keeps receiving.
    /// </summary>
    public static IObservable<T> Isolate<T>(this IObservable<T> source, Action<Exception, T> onFailure) =>
        Observable.Create<T>(observer => source.Subscribe(
            value =>
            {
                try
                {
                    observer.OnNext(value);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    onFailure(exception, value);
                }
            },
            observer.OnError,
            observer.OnCompleted));
}
