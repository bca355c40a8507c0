using Percepti.Studio.Components;
using Percepti.Studio.Services;

// Percepti Studio: model, preview, train, test and export in the browser, on Percepti.Core's public API.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddSingleton<StudioData>();
builder.Services.AddSingleton<StudioSessions>();
builder.Services.AddScoped<StudioSession>();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Percepti Studio is running at {string.Join(", ", app.Urls)} (Ctrl+C stops it)."));
app.Run();

/// <summary>The entry point, visible to the browser tests' WebApplicationFactory.</summary>
public partial class Program;
