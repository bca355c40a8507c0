namespace Percepti.Core.Reactive;

/// <summary>Keeps one failing subscriber from stopping a stream, for itself or for the others.</summary>
internal static class IsolatedSubscribers
{
    /// <summary>
    /// Each subscriber gets the values of <paramref name="source"/>; when its handler throws, the value is
    /// skipped for it, <paramref name="onFailure"/> is told, and that subscriber and every other keep receiving.
    /// </summary>
    /// <remarks>
    /// Not built with <c>Observable.Create</c>: Rx wraps the observer it hands out in one that detaches
    /// itself when a handler throws, so the subscriber would never receive again.
    /// </remarks>
    public static IObservable<T> Isolate<T>(this IObservable<T> source, Action<Exception, T> onFailure) =>
        new IsolatedObservable<T>(source, onFailure);

    private sealed class IsolatedObservable<T>(IObservable<T> source, Action<Exception, T> onFailure) : IObservable<T>
    {
        public IDisposable Subscribe(IObserver<T> observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            return source.Subscribe(new IsolatingObserver<T>(observer, onFailure));
        }
    }

    private sealed class IsolatingObserver<T>(IObserver<T> observer, Action<Exception, T> onFailure) : IObserver<T>
    {
        public void OnNext(T value)
        {
            try
            {
                observer.OnNext(value);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                onFailure(exception, value);
            }
        }

        public void OnError(Exception error)
        {
            try
            {
                observer.OnError(error);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The stream ends either way; a handler failing on its end must not reach the publisher.
            }
        }

        public void OnCompleted()
        {
            try
            {
                observer.OnCompleted();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // As for OnError: nothing more will be delivered.
            }
        }
    }
}
