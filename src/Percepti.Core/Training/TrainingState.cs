namespace Percepti.Core.Training;

/// <summary>Where a training run is.</summary>
public enum TrainingState
{
    /// <summary>Preparing data and the model.</summary>
    Starting,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Paused between batches.</summary>
    Paused,

    /// <summary>Finished every epoch (or stopped early by its rule).</summary>
    Completed,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Failed; see the failed event.</summary>
    Failed,
}
