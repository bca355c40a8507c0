using System.Globalization;
using System.Text;

namespace Percepti.Studio.Tests;

/// <summary>The data view in Chromium: the bundled set, a table from a path on the server, errors that change nothing.</summary>
[Collection(nameof(StudioBrowserTests))]
public sealed class DataViewTests
{
    private readonly StudioServer _server;

    public DataViewTests(StudioServer server) => _server = server;

    [BrowserFact]
    public async Task The_bundled_set_shows_its_schema_split_and_first_images()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Data]").ClickAsync();
        await page.Locator(".sample-grid img >> nth=23").WaitForAsync();

        (await page.Locator(".schema tr[data-column]").CountAsync()).Should().Be(2);
        (await page.Locator(".schema tr[data-column=label]").TextContentAsync()).Should().Contain("Ankle boot");
        (await page.Locator(".sample-grid img").CountAsync()).Should().Be(24);
        await StudioServer.ScreenshotAsync(page, "The_bundled_set_shows_its_schema_split_and_first_images");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_table_from_a_server_path_becomes_the_data_and_the_recommended_graph_previews_on_it()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"studio-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder("height,width,colour,kind\n");
        for (int i = 0; i < 90; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i % 7 + 1.5},{i % 5 * 2.0},{(i % 3 == 0 ? "red" : "blue")},{i % 3}\n");
        }

        await File.WriteAllTextAsync(csv, text.ToString());
        try
        {
            var page = await _server.OpenAsync();
            await page.Locator("[data-tab=Data]").ClickAsync();
            await page.Locator("select[name=source]").SelectOptionAsync("csv");
            await page.Locator("input[name=path]").FillAsync(csv);
            await page.Locator("input[name=target]").FillAsync("kind");
            await page.Locator("[data-action=load]").ClickAsync();

            await page.Locator("[data-load-result=ok]").WaitForAsync();
            int rows = int.Parse((await page.Locator(".data-view .current").GetAttributeAsync("data-rows"))!, CultureInfo.InvariantCulture);
            int test = int.Parse((await page.Locator(".data-view .current").GetAttributeAsync("data-test-rows"))!, CultureInfo.InvariantCulture);
            (rows + test).Should().Be(90, "every row is used once");
            test.Should().BeInRange(10, 18, "about 15 % are held out for the test view");
            (await page.Locator(".schema tr[data-column=kind]").TextContentAsync()).Should().Contain("Target");
            (await page.Locator(".sample-grid").CountAsync()).Should().Be(0, "a table has no images");

            await page.Locator("[data-action=recommend]").ClickAsync();
            await page.Locator("[data-tab=Model]").ClickAsync();
            await page.WaitForFunctionAsync(@"() => {
                const nodes = [...document.querySelectorAll('.graph-node')];
                return nodes.length > 0 && nodes.every(n => n.dataset.status === 'UpToDate');
            }");
            await StudioServer.ScreenshotAsync(page, "A_table_from_a_server_path_becomes_the_data_and_the_recommended_graph_previews_on_it");
            await page.Context.CloseAsync();
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [BrowserFact]
    public async Task A_file_that_cannot_be_read_shows_the_libraries_message_and_the_data_stays()
    {
        var page = await _server.OpenAsync();
        await page.Locator("[data-tab=Data]").ClickAsync();
        await page.Locator(".data-view .current").WaitForAsync();
        string rows = await page.Locator(".data-view .current").GetAttributeAsync("data-rows") ?? "";
        await page.Locator("select[name=source]").SelectOptionAsync("csv");
        await page.Locator("input[name=path]").FillAsync("/no/such/table.csv");
        await page.Locator("input[name=target]").FillAsync("y");
        await page.Locator("[data-action=load]").ClickAsync();

        var error = page.Locator("[data-load-result=error]");
        await error.WaitForAsync();
        (await error.TextContentAsync()).Should().Contain("/no/such/table.csv");
        (await page.Locator(".data-view .current").GetAttributeAsync("data-rows")).Should().Be(rows);
        await StudioServer.ScreenshotAsync(page, "A_file_that_cannot_be_read_shows_the_libraries_message_and_the_data_stays");
        await page.Context.CloseAsync();
    }
}
