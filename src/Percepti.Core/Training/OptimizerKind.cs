namespace Percepti.Core.Training;

/// <summary>The optimization algorithm.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent, with optional momentum and Nesterov.</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>RMSprop.</summary>
    RMSprop,

    /// <summary>Adagrad.</summary>
    Adagrad,
}
