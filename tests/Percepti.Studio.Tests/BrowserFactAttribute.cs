namespace Percepti.Studio.Tests;

/// <summary>
/// A test that needs Chromium. Where it is missing the test is skipped with the reason, except under <c>CI=true</c>,
/// where a missing browser must fail the run: the test then runs and <see cref="StudioServer"/> says what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips the test when there is no browser outside CI.</summary>
    public BrowserFactAttribute()
    {
        if (!File.Exists(StudioServer.ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"No Chromium at {StudioServer.ChromiumPath} (install Debian's 'chromium', or set CHROMIUM_PATH).";
        }
    }
}
