namespace Percepti.Core.Graph;

/// <summary>
/// Base of every component's settings. Settings are immutable records: equal settings compare
/// equal, and an edit is a <c>with</c> expression that produces a new value.
/// </summary>
public abstract record ComponentSettings;
