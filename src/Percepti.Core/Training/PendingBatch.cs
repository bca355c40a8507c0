using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>One batch of an epoch, before its tensors exist.</summary>
/// <param name="Count">Its rows.</param>
/// <param name="Tensors">Creates a tensor per column on the training device (the caller owns them).</param>
internal readonly record struct PendingBatch(int Count, Func<Dictionary<string, Tensor>> Tensors);
