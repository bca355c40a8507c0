namespace Percepti.Core.Components.Kinds;

/// <summary>The recurrent cell type.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory.</summary>
    LSTM,

    /// <summary>Gated recurrent unit.</summary>
    GRU,

    /// <summary>Elman RNN with tanh.</summary>
    RNN,
}
