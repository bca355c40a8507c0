using Percepti.Core.Components.Kinds;

namespace Percepti.Core.Export.Onnx;

/// <summary>
/// ONNX for the Recurrent component: one ONNX LSTM, GRU or RNN operator per layer. PyTorch and ONNX
/// order the gates differently and ONNX runs time-major, so weights are reordered and inputs transposed.
/// </summary>
internal static class OnnxRecurrentWriter
{
    // ONNX gate blocks, as indices of PyTorch's blocks: LSTM i,o,f,c from i,f,g,o; GRU z,r,h from r,z,n.
    private static readonly int[] LstmOrder = [0, 3, 1, 2];
    private static readonly int[] GruOrder = [1, 0, 2];

    public static string Write(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<RecurrentSettings>();
        var graph = context.Graph;
        var layer = context.Module.modules().First(m => m is TorchSharp.Modules.LSTM or TorchSharp.Modules.GRU or TorchSharp.Modules.RNN);
        var parameters = layer.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        (string op, int gates, int[] order) = settings.Cell switch
        {
            RecurrentCell.LSTM => ("LSTM", 4, LstmOrder),
            RecurrentCell.GRU => ("GRU", 3, GruOrder),
            _ => ("RNN", 1, new[] { 0 }),
        };
        string[] directions = settings.Bidirectional ? [string.Empty, "_reverse"] : [string.Empty];
        long hidden = settings.HiddenSize;

        // Batch-first [N, T, F] to time-major [T, N, F].
        string x = graph.Node("Transpose", [context.Input], ("perm", (long[])[1, 0, 2]));
        string[] outputs = [];
        for (int l = 0; l < settings.Layers; l++)
        {
            float[] Stack(string prefix) => [.. directions.SelectMany(d => OnnxTensors.ReorderBlocks(OnnxTensors.Floats(parameters[$"{prefix}_l{l}{d}"]), gates, order))];
            long inputSize = parameters[$"weight_ih_l{l}"].shape[1];
            long directionsCount = directions.Length;
            string w = graph.Weights($"W{l}", Stack("weight_ih"), [directionsCount, gates * hidden, inputSize]);
            string r = graph.Weights($"R{l}", Stack("weight_hh"), [directionsCount, gates * hidden, hidden]);

            // ONNX wants the input and hidden biases side by side per direction.
            float[] bias = [.. directions.SelectMany(d => OnnxTensors.ReorderBlocks(OnnxTensors.Floats(parameters[$"bias_ih_l{l}{d}"]), gates, order)
                .Concat(OnnxTensors.ReorderBlocks(OnnxTensors.Floats(parameters[$"bias_hh_l{l}{d}"]), gates, order)))];
            string b = graph.Weights($"B{l}", bias, [directionsCount, 2 * gates * hidden]);
            var attributes = new List<(string, object)>
            {
                ("hidden_size", hidden),
                ("direction", settings.Bidirectional ? "bidirectional" : "forward"),
            };
            if (settings.Cell == RecurrentCell.GRU)
            {
                // PyTorch applies the reset gate after the hidden-state product.
                attributes.Add(("linear_before_reset", 1L));
            }

            outputs = graph.NodeWithOutputs(op, [x, w, r, b], 2, [.. attributes]);

            // Y is [T, directions, N, H]; the next layer reads [T, N, directions × H].
            x = graph.Node("Reshape", [graph.Node("Transpose", [outputs[0]], ("perm", (long[])[0, 2, 1, 3])), graph.Integers("shape", [0, 0, -1])]);
        }

        if (settings.ReturnSequences)
        {
            return graph.Node("Transpose", [x], ("perm", (long[])[1, 0, 2]));
        }

        // Y_h is [directions, N, H]: the last layer's final states, forward then backward, side by side.
        string final = graph.Node("Transpose", [outputs[1]], ("perm", (long[])[1, 0, 2]));
        return graph.Node("Reshape", [final, graph.Integers("shape", [0, -1])]);
    }
}
