namespace Percepti.Core.Tests;

/// <summary>Polls a condition that another thread makes true.</summary>
internal static class Eventually
{
    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should come true in time");
            await Task.Delay(10);
        }
    }
}
