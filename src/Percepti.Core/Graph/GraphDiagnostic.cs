namespace Percepti.Core.Graph;

/// <summary>One problem found by validation, placed where a UI should show it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code from <see cref="GraphDiagnosticCodes"/>.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
/// <param name="NodeId">The node concerned, or null for the whole graph.</param>
/// <param name="Port">The port concerned, or null.</param>
/// <param name="Setting">The setting concerned, or null.</param>
public sealed record GraphDiagnostic(DiagnosticSeverity Severity, string Code, string Message, NodeId? NodeId = null, string? Port = null, string? Setting = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Severity} {Code}{(NodeId is { } id ? $" at {id}{(Port is null ? string.Empty : "." + Port)}" : string.Empty)}: {Message}";
}
