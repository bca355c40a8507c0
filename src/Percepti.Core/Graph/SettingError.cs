namespace Percepti.Core.Graph;

/// <summary>A problem with one setting's value.</summary>
/// <param name="Setting">The setting's name, or null when the problem involves several settings.</param>
/// <param name="Message">What is wrong and what would be accepted.</param>
public sealed record SettingError(string? Setting, string Message);
