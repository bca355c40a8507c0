using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// The one order in which a run puts its module, device and optimizer together. TorchSharp's optimizers key their
/// state by parameter handle, and anything that replaces the module's parameters after the optimizer took them
/// (a device or dtype move; <c>Module.load</c> on a CUDA module, which moves it to the CPU and back) leaves the
/// optimizer stepping tensors the module no longer uses (<c>KeyNotFoundException</c> on the first step). So every
/// replacement happens first: checkpoint weights are loaded while the module is still where it was compiled, then
/// it moves, and only then is the optimizer created and its saved state restored onto the final parameters.
/// </summary>
internal static class ModelPlacement
{
    /// <summary>Loads the checkpoint's weights (when resuming), moves the module, then creates and restores the optimizer.</summary>
    /// <param name="model">The freshly compiled module.</param>
    /// <param name="move">Puts it where it trains (e.g. <c>m =&gt; m.to(device)</c>).</param>
    /// <param name="createOptimizer">Creates the optimizer over the module's final parameters.</param>
    /// <param name="resumeFrom">The checkpoint folder, or null for a fresh run.</param>
    /// <returns>The optimizer (the caller disposes it) and where a resumed run stood.</returns>
    public static (optim.Optimizer Optimizer, CheckpointState? Resumed) Place(GraphModule model, Action<GraphModule> move, Func<GraphModule, optim.Optimizer> createOptimizer, string? resumeFrom)
    {
        var restored = resumeFrom is null ? null : Checkpoint.Load(resumeFrom, model);
        move(model);
        var optimizer = createOptimizer(model);
        try
        {
            if (restored is not null)
            {
                Checkpoint.RestoreOptimizer(restored, optimizer);
            }
        }
        catch
        {
            optimizer.Dispose();
            throw;
        }

        return (optimizer, restored?.State);
    }
}
