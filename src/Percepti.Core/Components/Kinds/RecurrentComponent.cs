using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>An LSTM, GRU or RNN over a time × features sequence.</summary>
internal sealed class RecurrentComponent() : ComponentKind<RecurrentSettings>(new RecurrentSettings(RecurrentCell.LSTM, 64, 1, false, false))
{
    /// <inheritdoc />
    public override string Name => "Recurrent";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Reads a time × features sequence with an LSTM, GRU or RNN; outputs the final state or every step.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Choice<RecurrentSettings, RecurrentCell>("cell", "Cell", "LSTM, GRU or RNN.", s => s.Cell, (s, v) => s with { Cell = v }),
        SettingDescriptor.Integer<RecurrentSettings>("hiddenSize", "Hidden size", "Features of the hidden state.", s => s.HiddenSize, (s, v) => s with { HiddenSize = v }, 1, 65_536),
        SettingDescriptor.Integer<RecurrentSettings>("layers", "Layers", "Stacked recurrent layers.", s => s.Layers, (s, v) => s with { Layers = v }, 1, 64),
        SettingDescriptor.Boolean<RecurrentSettings>("bidirectional", "Bidirectional", "Also read the sequence backwards (doubles the output features).", s => s.Bidirectional, (s, v) => s with { Bidirectional = v }),
        SettingDescriptor.Boolean<RecurrentSettings>("returnSequences", "Return sequences", "Output every time step instead of the final state.", s => s.ReturnSequences, (s, v) => s with { ReturnSequences = v }),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(RecurrentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 2, 2, expected: "a time × features sequence");
        int features = checked(settings.HiddenSize * (settings.Bidirectional ? 2 : 1));
        return settings.ReturnSequences ? TensorShape.Of(inputs[0][0], features) : TensorShape.Of(features);
    }

    /// <inheritdoc />
    protected override long CountParametersCore(RecurrentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long gates = settings.Cell switch { RecurrentCell.LSTM => 4, RecurrentCell.GRU => 3, _ => 1 };
        long hidden = settings.HiddenSize;
        long directions = settings.Bidirectional ? 2 : 1;
        long total = 0;
        for (int layer = 0; layer < settings.Layers; layer++)
        {
            long input = layer == 0 ? inputs[0][1] : hidden * directions;

            // Per direction: input weights, hidden weights and two bias vectors.
            total += directions * ((gates * hidden * input) + (gates * hidden * hidden) + (2 * gates * hidden));
        }

        return total;
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(RecurrentSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new RecurrentModule(settings, inputs[0][1]);

    private sealed class RecurrentModule : BuiltInModule
    {
        private readonly nn.Module _layer;
        private readonly RecurrentSettings _settings;

        public RecurrentModule(RecurrentSettings settings, long features)
            : base("Recurrent")
        {
            _settings = settings;
            _layer = settings.Cell switch
            {
                RecurrentCell.LSTM => nn.LSTM(features, settings.HiddenSize, settings.Layers, batchFirst: true, bidirectional: settings.Bidirectional),
                RecurrentCell.GRU => nn.GRU(features, settings.HiddenSize, settings.Layers, batchFirst: true, bidirectional: settings.Bidirectional),
                _ => nn.RNN(features, settings.HiddenSize, settings.Layers, batchFirst: true, bidirectional: settings.Bidirectional),
            };
            register_module("layer", _layer);
        }

        public override Tensor forward(IReadOnlyList<Tensor> input)
        {
            var x = input[0];
            Tensor output;
            Tensor hidden;
            switch (_layer)
            {
                case TorchSharp.Modules.LSTM lstm:
                    (output, hidden, _) = lstm.call(x, null);
                    break;
                case TorchSharp.Modules.GRU gru:
                    (output, hidden) = gru.call(x, null);
                    break;
                default:
                    (output, hidden) = ((TorchSharp.Modules.RNN)_layer).call(x, null);
                    break;
            }

            if (_settings.ReturnSequences)
            {
                return output;
            }

            // The last layer's final state; forward and backward directions side by side.
            return _settings.Bidirectional
                ? cat([hidden[-2], hidden[-1]], 1)
                : hidden[-1];
        }
    }
}
