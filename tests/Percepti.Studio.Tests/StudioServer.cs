using System.Net;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Percepti.Studio.Tests;

/// <summary>Percepti Studio served on 127.0.0.1 (a free port) and one headless Chromium, shared by the browser tests.</summary>
public sealed class StudioServer : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    /// <summary>Debian's Chromium, or <c>CHROMIUM_PATH</c>.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go (<c>artifacts/screenshots</c> in the repository).</summary>
    public static string Screenshots { get; } = Path.Combine(FindRepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The app's address.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The app's services, e.g. its open sessions.</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install Debian's 'chromium' (.ci/run does) or set CHROMIUM_PATH.");
        }

        // A tab that vanishes without telling the server (no disconnect beacon) ends its session after 5 s, not 3 minutes.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("Logging:LogLevel:Default", "Warning")
            .ConfigureServices(services => services.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(5))));
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        Address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>Opens the studio in a new browser context (its own session) and waits until it is interactive.</summary>
    /// <returns>The page; dispose its context when done.</returns>
    public async Task<IPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(Address);
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>Saves what the page shows, named after the test, under <see cref="Screenshots"/>.</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">The file name, without extension.</param>
    /// <returns>A task.</returns>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png") });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Percepti.Core.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>The browser tests share one server and browser and run one at a time.</summary>
[CollectionDefinition(nameof(StudioBrowserTests))]
public sealed class StudioBrowserTests : ICollectionFixture<StudioServer>;
