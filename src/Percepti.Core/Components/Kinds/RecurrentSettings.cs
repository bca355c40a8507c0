using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Recurrent component; its input is a sequence, time × features.</summary>
/// <param name="Cell">LSTM, GRU or RNN.</param>
/// <param name="HiddenSize">Features of the hidden state.</param>
/// <param name="Layers">Stacked recurrent layers.</param>
/// <param name="Bidirectional">Whether the sequence is also read backwards (doubles the output features).</param>
/// <param name="ReturnSequences">Output every time step (time × features) instead of the final state only.</param>
public sealed record RecurrentSettings(RecurrentCell Cell, int HiddenSize, int Layers, bool Bidirectional, bool ReturnSequences) : ComponentSettings;
