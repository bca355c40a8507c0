namespace Percepti.Core.Graph;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; the graph can still be built and trained.</summary>
    Warning,

    /// <summary>The graph (or the node) cannot be built until this is fixed.</summary>
    Error,
}
