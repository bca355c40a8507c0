using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Percepti.Core.Export;
using Percepti.Studio.Services;

namespace Percepti.Studio.Tests;

/// <summary>Training with live charts, the test report, downloads and uploads, in Chromium.</summary>
[Collection(nameof(StudioBrowserTests))]
public sealed class TrainTestExportTests
{
    private readonly StudioServer _server;

    public TrainTestExportTests(StudioServer server) => _server = server;

    [BrowserFact]
    public async Task Training_streams_its_curves_pauses_resumes_and_the_model_is_tested_and_exported()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Train]").ClickAsync();
        await page.Locator("input[name=epochs]").FillAsync("2");
        await page.Locator("input[name=batch]").FillAsync("8");
        await page.Locator("input[name=rows]").FillAsync("400");

        // Every redraw of the loss chart before the run's final state is recorded in the page.
        await page.EvaluateAsync(@"() => {
            window.lossUpdates = [];
            new MutationObserver(() => {
                const chart = document.querySelector('[data-chart=loss]');
                if (chart && !document.querySelector('[data-final]')) window.lossUpdates.push(Number(chart.dataset.points));
            }).observe(document.querySelector('.train-view'), { subtree: true, childList: true, attributes: true });
        }");
        await page.Locator("[data-action=start]").ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-chart=loss]')?.dataset.points ?? 0) > 0");
        await page.Locator("[data-action=pause]").ClickAsync();
        await page.Locator(".run-state[data-state=Paused]").WaitForAsync();
        await page.Locator("[data-action=resume]").ClickAsync();
        await page.Locator("[data-final=TrainingCompleted]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        await page.Locator(".test-accuracy").WaitForAsync();

        var updates = await page.EvaluateAsync<int[]>("() => window.lossUpdates");
        updates.Where(p => p > 0).Distinct().Should().HaveCountGreaterThanOrEqualTo(2, "the loss chart gains points while the run goes on");
        double accuracy = double.Parse((await page.Locator(".test-accuracy").GetAttributeAsync("data-accuracy"))!, System.Globalization.CultureInfo.InvariantCulture);
        accuracy.Should().BeInRange(0.2, 1, "two epochs on 400 images beat guessing among ten classes");
        await page.Locator("[data-layer-select]").SelectOptionAsync("dense_1");
        await page.Locator(".layers [data-parameter] .histogram-bars.gradients >> nth=0").WaitForAsync();
        (await page.Locator(".layers [data-parameter]").CountAsync()).Should().Be(2, "dense_1 has a weight and a bias, each with value and gradient histograms");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioServer.Screenshots, "train.png") });

        await page.Locator("[data-tab=Test]").ClickAsync();
        (await page.Locator("table.confusion").GetAttributeAsync("data-total")).Should().Be("1000", "every test image is counted once");
        await page.Locator("td[data-cell='0,0']").ClickAsync();
        await page.Locator("[data-examples='0,0'] img").First.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioServer.Screenshots, "test.png") });

        await page.Locator("[data-tab=Export]").ClickAsync();
        string package = await DownloadAsync(page, "download-pmodel");
        string onnx = await DownloadAsync(page, "download-onnx");
        try
        {
            using var predictor = Predictor.Load(package);
            predictor.Predict(new float[784]).Probabilities.Should().HaveCount(10);
            using var session = new InferenceSession(onnx);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), new DenseTensor<float>(new float[784], [1, 1, 28, 28]))]);
            results[0].AsTensor<float>().Length.Should().Be(10);
        }
        finally
        {
            File.Delete(package);
            File.Delete(onnx);
        }

        await StudioServer.ScreenshotAsync(page, "Training_streams_its_curves_pauses_resumes_and_the_model_is_tested_and_exported");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_malformed_graph_upload_shows_the_libraries_error_and_changes_nothing()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Export]").ClickAsync();
        string code = await page.Locator("[data-code]").TextContentAsync() ?? "";

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "broken.json", MimeType = "application/json", Buffer = "{ \"schemaVersion\": 1, \"nodes\": [ { \"id\": 7 } ] }"u8.ToArray() });

        var error = page.Locator("[data-upload-result=error]");
        await error.WaitForAsync();
        (await error.TextContentAsync()).Should().Contain("Graph JSON at $", "the library names the JSON path");
        (await page.Locator("[data-code]").TextContentAsync()).Should().Be(code, "the document keeps its graph");
        await StudioServer.ScreenshotAsync(page, "A_malformed_graph_upload_shows_the_libraries_error_and_changes_nothing");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Two_sessions_train_at_the_same_time_and_their_results_do_not_mix()
    {
        var first = await _server.OpenAsync();
        var second = await _server.OpenAsync();
        foreach (var (page, epochs) in new[] { (first, "1"), (second, "2") })
        {
            await page.Locator("[data-tab=Train]").ClickAsync();
            await page.Locator("input[name=epochs]").FillAsync(epochs);
            await page.Locator("input[name=rows]").FillAsync("200");
        }

        await Task.WhenAll(first.Locator("[data-action=start]").ClickAsync(), second.Locator("[data-action=start]").ClickAsync());
        foreach (var page in new[] { first, second })
        {
            await page.Locator("[data-final=TrainingCompleted]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        }

        (await first.Locator("[data-final]").TextContentAsync()).Should().Contain("Completed 1 epoch");
        (await second.Locator("[data-final]").TextContentAsync()).Should().Contain("Completed 2 epoch");
        await StudioServer.ScreenshotAsync(first, "Two_sessions_train_at_the_same_time_and_their_results_do_not_mix-first");
        await StudioServer.ScreenshotAsync(second, "Two_sessions_train_at_the_same_time_and_their_results_do_not_mix-second");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Closing_a_tab_stops_its_run_and_ends_its_session()
    {
        var sessions = _server.Services.GetRequiredService<StudioSessions>();
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Train]").ClickAsync();
        await page.Locator("input[name=epochs]").FillAsync("200");
        await page.Locator("input[name=rows]").FillAsync("4000");
        await page.Locator("[data-action=start]").ClickAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-chart=loss]')?.dataset.points ?? 0) > 0");
        string id = await page.Locator(".studio").GetAttributeAsync("data-session") ?? "";
        sessions.IsOpen(id).Should().BeTrue();
        sessions.Training.Should().BeGreaterThan(0);
        await StudioServer.ScreenshotAsync(page, nameof(Closing_a_tab_stops_its_run_and_ends_its_session));

        var context = page.Context;
        await page.CloseAsync();
        await context.CloseAsync();

        // The circuit ends when the tab goes; its session then stops the run and frees what it holds.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((sessions.IsOpen(id) || sessions.Training > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        sessions.IsOpen(id).Should().BeFalse("the closed tab's session is disposed");
        sessions.Training.Should().Be(0, "its 200-epoch run was stopped");
    }

    private static async Task<string> DownloadAsync(IPage page, string action)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-action={action}]").ClickAsync());
        string path = Path.Combine(Path.GetTempPath(), $"studio-{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        return path;
    }
}
