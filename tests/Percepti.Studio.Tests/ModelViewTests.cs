using Microsoft.Playwright;

namespace Percepti.Studio.Tests;

/// <summary>The model view in Chromium: previews, settings, undo, refused edits, building a graph with the mouse.</summary>
[Collection(nameof(StudioBrowserTests))]
public sealed class ModelViewTests
{
    private static readonly string[] Upstream = ["image", "label", "conv2d_1", "max_pool2d_1"];
    private static readonly string[] Downstream = ["conv2d_2", "max_pool2d_2", "flatten_1", "dense_1", "dense_2", "classification_1"];
    private readonly StudioServer _server;

    public ModelViewTests(StudioServer server) => _server = server;

    [BrowserFact]
    public async Task The_seed_cnn_opens_with_every_preview_up_to_date()
    {
        var page = await _server.OpenAsync();
        await AllUpToDate(page);

        (await page.Locator(".graph-node").CountAsync()).Should().Be(10);
        (await page.Locator("[data-node=image] .visual img").CountAsync()).Should().Be(1, "the input shows the first training image");
        (await page.Locator("[data-node=conv2d_1] .visual .maps img").CountAsync()).Should().BeGreaterThan(1, "a convolution shows feature maps");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioServer.Screenshots, "model.png") });
        await StudioServer.ScreenshotAsync(page, "The_seed_cnn_opens_with_every_preview_up_to_date");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_settings_change_recomputes_the_node_and_what_is_downstream_and_undo_recomputes_nothing()
    {
        var page = await _server.OpenAsync();
        await AllUpToDate(page);
        var before = await Executions(page);
        await page.Locator(".counters[data-version='0']").WaitForAsync();

        await page.Locator("[data-node=conv2d_2] .title").ClickAsync();
        var filters = page.Locator(".settings-panel[data-node=conv2d_2] [data-setting=filters] input");
        await filters.FillAsync("8");
        await filters.PressAsync("Enter");
        await AllUpToDate(page, version: 1);
        var after = await Executions(page);

        foreach (string id in Upstream)
        {
            after[id].Should().Be(before[id], $"{id} is upstream of the edit");
        }

        foreach (string id in Downstream)
        {
            after[id].Should().Be(before[id] + 1, $"{id} is the edited node or downstream of it");
        }

        (await page.Locator("[data-node=dense_1] .params").TextContentAsync()).Should().Contain("12,864", "dense_1 now reads 8×5×5 features");

        await page.Locator("[data-action=undo]").ClickAsync();
        await AllUpToDate(page, version: 2);
        (await Executions(page)).Should().Equal(after, "undo is served from the cache");
        (await page.Locator("[data-node=dense_1] .params").TextContentAsync()).Should().Contain("51,264");
        await StudioServer.ScreenshotAsync(page, "A_settings_change_recomputes_the_node_and_what_is_downstream_and_undo_recomputes_nothing");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task An_invalid_setting_shows_its_error_and_is_not_committed()
    {
        var page = await _server.OpenAsync();
        await AllUpToDate(page);
        await page.Locator("[data-node=dense_1] .title").ClickAsync();
        var units = page.Locator(".settings-panel [data-setting=units] input");
        await units.FillAsync("0");
        await units.PressAsync("Enter");

        await page.Locator(".settings-panel [data-setting=units] .setting-error").WaitForAsync();
        (await page.Locator(".counters").GetAttributeAsync("data-version")).Should().Be("0", "nothing was committed");
        await StudioServer.ScreenshotAsync(page, "An_invalid_setting_shows_its_error_and_is_not_committed");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_graph_is_built_with_the_mouse_and_a_cycle_is_refused_leaving_the_json_unchanged()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-action=new]").ClickAsync();
        await page.Locator(".graph-node").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        // Four per row, far enough apart that no node covers another's ports.
        string[] kinds = ["Input", "Convolution", "Pooling", "Flatten", "Dense", "Target", "Classification"];
        for (int i = 0; i < kinds.Length; i++)
        {
            await Drop(page, kinds[i], x: 30 + (i % 4 * 280), y: 30 + (i / 4 * 300));
            if (kinds[i] == "Dense")
            {
                // A dropped node is selected. Dense starts with 64 units; ten classes need ten scores.
                string version = await page.Locator(".counters").GetAttributeAsync("data-version") ?? "";
                var units = page.Locator(".settings-panel[data-node=dense_1] [data-setting=units] input");
                await units.FillAsync("10");
                await units.PressAsync("Enter");
                await page.WaitForFunctionAsync("v => document.querySelector('.counters').dataset.version !== v", version);
            }
        }

        await Link(page, "image:out:output", "convolution_1:in:input");
        await Link(page, "convolution_1:out:output", "pooling_1:in:input");
        await Link(page, "pooling_1:out:output", "flatten_1:in:input");
        await Link(page, "flatten_1:out:output", "dense_1:in:input");
        await Link(page, "dense_1:out:output", "classification_1:in:logits");
        await Link(page, "label:out:output", "classification_1:in:target");

        await AllUpToDate(page);
        (await page.Locator(".graph-node").CountAsync()).Should().Be(7);
        (await page.Locator(".graph-node.error, .graph-node.blocked").CountAsync()).Should().Be(0);

        // Two more dense layers, one feeding the other; an edge back would close a cycle.
        await Drop(page, "Dense", x: 870, y: 330);
        await Drop(page, "Dense", x: 870, y: 600);
        await Link(page, "dense_2:out:output", "dense_3:in:input");
        string json = await GraphJson(page);

        await Link(page, "dense_3:out:output", "dense_2:in:input");
        (await page.Locator(".edit-error .text").TextContentAsync()).Should().Contain("cycle");
        await page.Locator(".edit-error button").ClickAsync();
        await page.Locator(".edit-error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await Link(page, "dense_3:out:output", "convolution_1:in:input");
        (await page.Locator(".edit-error .text").TextContentAsync()).Should().Contain("already connected");
        (await GraphJson(page)).Should().Be(json, "a refused edit changes nothing");
        await StudioServer.ScreenshotAsync(page, "A_graph_is_built_with_the_mouse_and_a_cycle_is_refused_leaving_the_json_unchanged");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_moved_node_keeps_its_position_in_the_graph_and_the_keyboard_undoes_and_redoes()
    {
        var page = await _server.OpenAsync();
        await AllUpToDate(page);
        var before = await PositionOf(page, "conv2d_2");
        var title = await page.Locator("[data-node=conv2d_2] .title").BoundingBoxAsync() ?? throw new InvalidOperationException("no conv2d_2");
        await page.Mouse.MoveAsync(title.X + 20, title.Y + 5);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(title.X + 60, title.Y + 85, new MouseMoveOptions { Steps = 6 });
        await page.Mouse.UpAsync();
        await page.Locator(".counters[data-version='1']").WaitForAsync();

        var moved = await PositionOf(page, "conv2d_2");
        moved.X.Should().BeApproximately(before.X + 40, 2);
        moved.Y.Should().BeApproximately(before.Y + 80, 2);

        await page.Locator(".model-view").FocusAsync();
        await page.Keyboard.PressAsync("Control+z");
        await page.Locator(".counters[data-version='2']").WaitForAsync();
        (await PositionOf(page, "conv2d_2")).Should().Be(before, "Ctrl+Z undoes the move");
        await page.Keyboard.PressAsync("Control+y");
        await page.Locator(".counters[data-version='3']").WaitForAsync();
        (await PositionOf(page, "conv2d_2")).Should().Be(moved, "Ctrl+Y redoes it");
        await StudioServer.ScreenshotAsync(page, "A_moved_node_keeps_its_position_in_the_graph_and_the_keyboard_undoes_and_redoes");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Deleting_a_link_or_a_node_edits_the_document_and_undo_brings_them_back()
    {
        var page = await _server.OpenAsync();
        await AllUpToDate(page);

        await page.Locator("[data-link-id='image:output->conv2d_1:input'] path >> nth=0").ClickAsync(new LocatorClickOptions { Force = true });
        await page.Keyboard.PressAsync("Delete");
        await page.Locator(".counters[data-version='1']").WaitForAsync();
        using (var json = System.Text.Json.JsonDocument.Parse(await GraphJson(page)))
        {
            json.RootElement.GetProperty("connections").EnumerateArray()
                .Count(c => c.GetProperty("to").GetProperty("node").GetString() == "conv2d_1").Should().Be(0, "the connection is gone");
        }

        await page.Locator("[data-node=conv2d_1][data-status=Error]").WaitForAsync();
        (await page.Locator("[data-node=conv2d_1] .diagnostic").TextContentAsync()).Should().Contain("input");

        await page.Locator("[data-node=dense_2] .title").ClickAsync();
        await page.Locator("[data-action=delete]").ClickAsync();
        await page.Locator(".counters[data-version='2']").WaitForAsync();
        await page.Locator("[data-node=dense_2]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        await page.Locator("[data-action=undo]").ClickAsync();
        await page.Locator("[data-action=undo]").ClickAsync();
        await AllUpToDate(page, version: 4);
        (await page.Locator(".graph-node").CountAsync()).Should().Be(10);
        await StudioServer.ScreenshotAsync(page, nameof(Deleting_a_link_or_a_node_edits_the_document_and_undo_brings_them_back));
        await page.Context.CloseAsync();
    }

    private static async Task<(double X, double Y)> PositionOf(IPage page, string id)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await GraphJson(page));
        var node = json.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);
        var position = node.GetProperty("position");
        return (position.GetProperty("x").GetDouble(), position.GetProperty("y").GetDouble());
    }

    private static async Task<string> GraphJson(IPage page) =>
        await page.Locator("[data-graph-json]").TextContentAsync() ?? "";

    private static async Task Drop(IPage page, string kind, int x, int y)
    {
        int before = await page.Locator(".graph-node").CountAsync();
        var canvas = await page.Locator(".canvas").BoundingBoxAsync();
        await page.Locator($".palette-item[data-kind={kind}]").DragToAsync(page.Locator(".canvas"), new LocatorDragToOptions { TargetPosition = new TargetPosition { X = x, Y = y } });
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('.graph-node').length > {before}");
        canvas.Should().NotBeNull();
    }

    private static async Task Link(IPage page, string fromPort, string toPort)
    {
        // A message left from an earlier refusal would otherwise answer for this link.
        if (await page.Locator(".edit-error").CountAsync() > 0)
        {
            await page.Locator(".edit-error button").ClickAsync();
            await page.Locator(".edit-error").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        }

        // Ports sit at a fraction of their node's height, and a node grows when its preview arrives: read their
        // places only once both nodes show the current version, or the press can land on a node and drag it.
        await page.WaitForFunctionAsync(
            @"ids => { const v = document.querySelector('.counters').dataset.version; return ids.every(id => document.querySelector(`[data-node='${id}']`)?.dataset.version === v); }",
            new[] { fromPort.Split(':')[0], toPort.Split(':')[0] });
        var from = page.Locator($"[data-port-id='{fromPort}']");
        var to = page.Locator($"[data-port-id='{toPort}']");
        var a = await from.BoundingBoxAsync() ?? throw new InvalidOperationException($"no port {fromPort}");
        var b = await to.BoundingBoxAsync() ?? throw new InvalidOperationException($"no port {toPort}");
        string version = await page.Locator(".counters").GetAttributeAsync("data-version") ?? "";
        await page.Mouse.MoveAsync(a.X + (a.Width / 2), a.Y + (a.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(b.X + (b.Width / 2), b.Y + (b.Height / 2), new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();

        // Either the document gained a version or the canvas shows why not.
        try
        {
            await page.WaitForFunctionAsync(
                "v => document.querySelector('.counters').dataset.version !== v || document.querySelector('.edit-error') !== null", version, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioServer.Screenshots, "link-failed.png") });
            throw;
        }
    }

    /// <summary>Waits until every node's preview belongs to the document's current version and is up to date.</summary>
    private static async Task AllUpToDate(IPage page, int? version = null)
    {
        if (version is { } v)
        {
            await page.Locator($".counters[data-version='{v}']").WaitForAsync();
        }

        try
        {
            await page.WaitForFunctionAsync(@"() => {
                const version = document.querySelector('.counters').dataset.version;
                const nodes = [...document.querySelectorAll('.graph-node')];
                return nodes.length > 0 && nodes.every(n => n.dataset.status === 'UpToDate' && n.dataset.version === version);
            }");
        }
        catch (TimeoutException)
        {
            await StudioServer.ScreenshotAsync(page, "FAILED-not-up-to-date");
            throw;
        }
    }

    private static async Task<Dictionary<string, int>> Executions(IPage page)
    {
        var nodes = page.Locator(".graph-node");
        var result = new Dictionary<string, int>();
        for (int i = 0; i < await nodes.CountAsync(); i++)
        {
            result[(await nodes.Nth(i).GetAttributeAsync("data-node"))!] = int.Parse((await nodes.Nth(i).GetAttributeAsync("data-executions"))!, System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
