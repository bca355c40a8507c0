using Microsoft.Playwright;

namespace Percepti.Studio.Tests;

/// <summary>While a run trains, the model canvas draws every component on the run's sample with the current weights, and where its gradient goes.</summary>
[Collection(nameof(StudioBrowserTests))]
public sealed class TrainingVisualsTests
{
    private static readonly System.Text.Json.JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };
    private readonly StudioServer _server;

    public TrainingVisualsTests(StudioServer server) => _server = server;

    [BrowserFact]
    public async Task While_a_run_trains_the_nodes_draw_its_sample_and_their_visuals_change_between_epochs()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Train]").ClickAsync();
        await page.Locator("input[name=epochs]").FillAsync("3");
        await page.Locator("input[name=batch]").FillAsync("8");
        await page.Locator("input[name=rows]").FillAsync("400");

        // Every training visual the first convolution's node draws is recorded once, by epoch and batch.
        await page.EvaluateAsync(@"() => {
            window.nodeVisuals = [];
            window.nodeGradients = [];
            const record = () => {
                const gradient = document.querySelector('[data-node=dense_1] .gradient');
                if (gradient && !window.nodeGradients.includes(gradient.dataset.gradient)) window.nodeGradients.push(gradient.dataset.gradient);
                const node = document.querySelector('[data-node=conv2d_1][data-source=training]');
                const map = node?.querySelector('.visual .maps img');
                const key = node ? node.dataset.visualEpoch + ':' + node.dataset.visualBatch : null;
                if (map && !window.nodeVisuals.some(v => v.key === key))
                    window.nodeVisuals.push({ key, epoch: Number(node.dataset.visualEpoch), src: map.getAttribute('src') });
            };
            new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
        }");
        await page.Locator("[data-action=start]").ClickAsync();
        await page.Locator("[data-tab=Model]").ClickAsync();
        await page.Locator("[data-node=conv2d_1][data-source=training]").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await page.Locator("[data-node=image][data-source=training] .visual img").WaitForAsync();
        await page.WaitForFunctionAsync("() => new Set(window.nodeVisuals.map(v => v.epoch)).size >= 2", null, new PageWaitForFunctionOptions { Timeout = 180_000 });
        var gradients = await page.EvaluateAsync<string[]>("() => window.nodeGradients");
        gradients.Should().NotBeEmpty("after an epoch the nodes show where the sample's gradient goes");
        gradients.Select(g => double.Parse(g, System.Globalization.CultureInfo.InvariantCulture)).Should().OnlyContain(g => g > 0);

        var visuals = System.Text.Json.JsonSerializer.Deserialize<NodeVisual[]>(
            await page.EvaluateAsync<string>("() => JSON.stringify(window.nodeVisuals)"),
            CaseInsensitive)!;
        var byEpoch = visuals.GroupBy(v => v.Epoch).OrderBy(g => g.Key).ToList();
        byEpoch.Should().HaveCountGreaterThanOrEqualTo(2);
        byEpoch[0].Last().Src.Should().NotBe(byEpoch[^1].Last().Src, "the feature maps of the sample change as the weights train");

        // After the run the nodes show their previews again.
        await page.Locator("[data-node=conv2d_1][data-source=preview]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        await StudioServer.ScreenshotAsync(page, "While_a_run_trains_the_nodes_draw_its_sample_and_their_visuals_change_between_epochs");
        await page.Context.CloseAsync();
    }

    /// <summary>One recorded node visual.</summary>
    public sealed record NodeVisual(string Key, int Epoch, string Src);
}
