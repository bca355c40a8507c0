namespace Percepti.Core.Training;

/// <summary>How exception messages from native code are shown to users.</summary>
internal static class ErrorMessages
{
    /// <summary>
    /// The first line of a message: libtorch appends its C++ stack trace ("Exception raised from …", "frame #0 …")
    /// after it; the trace stays with the inner exception, not in what a user reads.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>Its first line.</returns>
    public static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
