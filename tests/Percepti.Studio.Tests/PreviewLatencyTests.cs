using System.Globalization;
using Xunit.Abstractions;

namespace Percepti.Studio.Tests;

/// <summary>
/// Measures (prints; never asserts a time) how long a settings change takes to show as an updated preview in the
/// browser: from the change event in the page to the DOM showing every node up to date for the new version.
/// </summary>
[Collection(nameof(StudioBrowserTests))]
public sealed class PreviewLatencyTests
{
    private const int Edits = 20;
    private readonly StudioServer _server;
    private readonly ITestOutputHelper _output;

    public PreviewLatencyTests(StudioServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [BrowserFact]
    public async Task A_settings_change_reaches_the_dom_and_its_latency_is_reported()
    {
        var page = await _server.OpenAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.graph-node')].every(n => n.dataset.status === 'UpToDate')");
        await page.Locator("[data-node=conv2d_2] .title").ClickAsync();
        await page.Locator(".settings-panel[data-node=conv2d_2]").WaitForAsync();

        // Distinct filter counts, so every edit is computed, never served from the cache.
        var milliseconds = new List<double>();
        for (int i = 0; i < Edits; i++)
        {
            double elapsed = await page.EvaluateAsync<double>(@"filters => new Promise(resolve => {
                const counters = document.querySelector('.counters');
                const next = String(Number(counters.dataset.version) + 1);
                const done = () => {
                    const nodes = [...document.querySelectorAll('.graph-node')];
                    return counters.dataset.version === next && nodes.every(n => n.dataset.status === 'UpToDate' && n.dataset.version === next);
                };
                const input = document.querySelector('.settings-panel [data-setting=filters] input');
                const start = performance.now();
                const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(performance.now() - start); } });
                observer.observe(document.querySelector('.model-view'), { subtree: true, attributes: true, childList: true });
                input.value = filters;
                input.dispatchEvent(new Event('change', { bubbles: true }));
            })", (33 + i).ToString(CultureInfo.InvariantCulture));
            milliseconds.Add(elapsed);
        }

        milliseconds.Sort();
        double p50 = milliseconds[(Edits / 2) - 1], p95 = milliseconds[(int)Math.Ceiling(Edits * 0.95) - 1];
        string line = string.Create(CultureInfo.InvariantCulture, $"settings change -> preview in the DOM over {Edits} edits of conv2d_2: p50 {p50:F0} ms, p95 {p95:F0} ms, max {milliseconds[^1]:F0} ms");
        _output.WriteLine(line);
        Console.WriteLine(line);
        File.WriteAllText(Path.Combine(StudioServer.Screenshots, "preview-latency.txt"), line + Environment.NewLine);
        milliseconds.Should().HaveCount(Edits).And.OnlyContain(ms => ms > 0);
        await StudioServer.ScreenshotAsync(page, "A_settings_change_reaches_the_dom_and_its_latency_is_reported");
        await page.Context.CloseAsync();
    }
}
