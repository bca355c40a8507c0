namespace Percepti.Core.Training;

/// <summary>How the learning rate changes during training.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout.</summary>
    Constant,

    /// <summary>Multiplied by <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepEpochs"/> epochs.</summary>
    Step,

    /// <summary>Cosine annealing from the rate to zero over all batches.</summary>
    Cosine,

    /// <summary>One cycle: a linear warm-up to the rate over the first 30% of batches, then cosine annealing to zero.</summary>
    OneCycle,
}
