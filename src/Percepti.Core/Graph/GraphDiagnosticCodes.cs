namespace Percepti.Core.Graph;

/// <summary>The stable codes of <see cref="GraphDiagnostic"/>s, for a UI to match on.</summary>
public static class GraphDiagnosticCodes
{
    /// <summary>The node is on a cycle.</summary>
    public const string Cycle = "PG001";

    /// <summary>A required input port has no connection.</summary>
    public const string MissingInput = "PG002";

    /// <summary>An input port has more than one connection.</summary>
    public const string DuplicateInput = "PG003";

    /// <summary>The node's kind is not in the catalog.</summary>
    public const string UnknownKind = "PG004";

    /// <summary>A setting is out of range or settings contradict each other.</summary>
    public const string InvalidSetting = "PG005";

    /// <summary>The shapes arriving at the node do not fit it.</summary>
    public const string ShapeMismatch = "PG006";

    /// <summary>A connection names a port the node does not have.</summary>
    public const string UnknownPort = "PG007";

    /// <summary>The graph has no loss head, so it cannot be trained (it can still be previewed).</summary>
    public const string NoHead = "PG008";

    /// <summary>Two ids differ only in '.' and '_' (<c>dense.1</c>, <c>dense_1</c>), so their modules and weights would share a name.</summary>
    public const string ModuleNameClash = "PG009";

    /// <summary>The graph exceeds a <see cref="GraphLimits"/> limit: parameters, one output's size, or all outputs of a sample.</summary>
    public const string ResourceLimit = "PG010";

    /// <summary>A component's module could not be built (e.g. its weights could not be allocated).</summary>
    public const string BuildFailed = "PG011";

}
