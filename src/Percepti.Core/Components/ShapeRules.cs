using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>Shared checks and arithmetic for shape inference.</summary>
internal static class ShapeRules
{
    public static void RequireRank(string kind, TensorShape shape, int minimum, int maximum, string port = "input", string? expected = null)
    {
        if (shape.Rank < minimum || shape.Rank > maximum)
        {
            string wanted = expected ?? (minimum == maximum ? $"rank {minimum}" : $"rank {minimum} to {maximum}");
            throw new ComponentShapeException($"{kind} expects {wanted} on port '{port}', but got shape {shape} (rank {shape.Rank}).", port);
        }
    }

    /// <summary>Output length of a convolution or pooling window along one axis.</summary>
    public static int SlidingOutput(string kind, int length, int kernel, int stride, int padBefore, int padAfter, int dilation, bool ceil = false)
    {
        long effective = ((long)dilation * (kernel - 1)) + 1;
        long span = (long)length + padBefore + padAfter - effective;
        if (span < 0)
        {
            throw new ComponentShapeException($"{kind}: the window ({effective} wide with dilation) is larger than the padded input ({length + padBefore + padAfter}).", "input");
        }

        long output = ceil ? ((span + stride - 1) / stride) + 1 : (span / stride) + 1;
        return checked((int)output);
    }

    /// <summary>TensorFlow-style "same" padding: output = ceil(length / stride); returns padding before and after.</summary>
    public static (int Before, int After) SamePadding(int length, int kernel, int stride, int dilation)
    {
        long output = (length + (long)stride - 1) / stride;
        long effective = ((long)dilation * (kernel - 1)) + 1;
        long total = Math.Max(((output - 1) * stride) + effective - length, 0);
        int before = checked((int)(total / 2));
        return (before, checked((int)(total - before)));
    }

    public static int NormalizeAxis(string kind, int axis, int rank, string port = "input")
    {
        int normalized = axis < 0 ? rank + axis : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new ComponentShapeException($"{kind}: axis {axis} is outside a per-sample shape of rank {rank}.", port);
        }

        return normalized;
    }
}
