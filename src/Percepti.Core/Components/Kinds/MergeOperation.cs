namespace Percepti.Core.Components.Kinds;

/// <summary>How Merge combines its inputs.</summary>
public enum MergeOperation
{
    /// <summary>Element-wise sum of all inputs.</summary>
    Add,

    /// <summary>The first input minus the others.</summary>
    Subtract,

    /// <summary>Element-wise product of all inputs.</summary>
    Multiply,

    /// <summary>The first input divided by the others.</summary>
    Divide,

    /// <summary>Inputs joined along an axis.</summary>
    Concatenate,
}
