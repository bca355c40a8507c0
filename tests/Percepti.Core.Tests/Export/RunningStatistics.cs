using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

/// <summary>Non-trivial batch-norm running statistics, so exports are checked with real values rather than 0 and 1.</summary>
internal static class RunningStatistics
{
    public static void Randomize(GraphModule module)
    {
        using var noGrad = no_grad();
        manual_seed(2);
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                buffer.copy_(randn_like(buffer));
            }
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                buffer.copy_(rand_like(buffer) + 0.5);
            }
        }
    }
}
