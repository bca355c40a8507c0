namespace Percepti.Core.Graph;

/// <summary>One new version of a <see cref="GraphDocument"/>.</summary>
/// <param name="Version">The new version number; it increases with every change, undo and redo included.</param>
/// <param name="Kind">Edit, undo, redo or reset.</param>
/// <param name="Description">What the edit did, e.g. "Update settings of conv2d_1".</param>
/// <param name="Previous">The graph before the change.</param>
/// <param name="Current">The graph after the change.</param>
public sealed record GraphChange(long Version, GraphChangeKind Kind, string Description, ModelGraph Previous, ModelGraph Current);
