namespace Percepti.Core.Graph;

/// <summary>Where a component kind appears in a palette.</summary>
public enum ComponentCategory
{
    /// <summary>Where data enters the graph: inputs and targets.</summary>
    Data,

    /// <summary>Shape and value transformations without trainable weights.</summary>
    Processing,

    /// <summary>Trainable layers and their companions (activations, dropout, normalization).</summary>
    DeepLearning,

    /// <summary>Operations that combine or reduce values.</summary>
    Operations,

    /// <summary>Loss heads that say what the model is trained to do.</summary>
    Heads,

    /// <summary>Components registered by an application.</summary>
    Custom,
}
