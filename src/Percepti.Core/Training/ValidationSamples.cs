using Percepti.Core.Data;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>The <see cref="SamplePredictions"/> of an epoch: the model's predictions for the first validation rows.</summary>
internal static class ValidationSamples
{
    /// <summary>
    /// Predicts the first <paramref name="count"/> rows of <paramref name="validation"/> (in inference mode, then back to
    /// training mode): inputs as the model saw them, class probabilities or values in the target's own units, and the truth.
    /// </summary>
    public static List<SamplePrediction> Predict(GraphModule model, Dataset validation, Preprocessor preprocessor, Device device, int count)
    {
        var (predictionNode, targetNode, classification) = model.Wiring(model.Heads[0]);
        count = Math.Min(count, validation.Count);
        var loader = new DataLoader(validation.Subset([.. Enumerable.Range(0, count)]), preprocessor, new DataLoaderOptions { BatchSize = count, Shuffle = false });
        var batch = loader.ReadEpoch(0).Single();
        var input = batch.Columns[model.Inputs[0].Value];
        var target = batch.Columns[targetNode.Value];
        var targetState = preprocessor[targetNode.Value];
        var classNames = targetState.ClassNames;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var outputs = model.Run(batch.ToTensors(device), [predictionNode]);
            var scores = outputs[predictionNode];
            float[] values = (classification ? scores.softmax(1) : scores).to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            int width = values.Length / count;
            int inputWidth = (int)input.Shape.ElementCount;
            int targetWidth = (int)target.Shape.ElementCount;
            var result = new List<SamplePrediction>();
            for (int r = 0; r < count; r++)
            {
                var prediction = values.AsSpan(r * width, width).ToArray();
                var inputValues = input.Values.Span.Slice(r * inputWidth, inputWidth).ToArray();
                result.Add(classification
                    ? new SamplePrediction(r, inputValues, prediction, classNames[Array.IndexOf(prediction, prediction.Max())], classNames[target.ClassOf(r)], null)
                    : new SamplePrediction(r, inputValues, targetState.ToOriginalUnits(prediction), null, null, targetState.ToOriginalUnits(target.Values.Span.Slice(r * targetWidth, targetWidth))));
            }

            return result;
        }
        finally
        {
            model.train();
        }
    }
}
