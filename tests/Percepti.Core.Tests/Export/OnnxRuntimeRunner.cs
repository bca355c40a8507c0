using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Percepti.Core.Tests.Export;

/// <summary>Runs an exported model in ONNX Runtime: the independent check of every export.</summary>
internal static class OnnxRuntimeRunner
{
    public static Dictionary<string, float[]> Run(byte[] model, IReadOnlyDictionary<string, (float[] Values, long[] Shape)> inputs)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        var values = inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Key, new DenseTensor<float>(i.Value.Values, [.. i.Value.Shape.Select(d => (int)d)]))).ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }

    public static IReadOnlyDictionary<string, string> Metadata(byte[] model)
    {
        using var session = new InferenceSession(model);
        return session.ModelMetadata.CustomMetadataMap;
    }

    public static (IReadOnlyList<string> Inputs, IReadOnlyList<int[]> InputShapes, IReadOnlyList<string> Outputs) Signature(byte[] model)
    {
        using var session = new InferenceSession(model);
        return ([.. session.InputMetadata.Keys], [.. session.InputMetadata.Values.Select(v => v.Dimensions)], [.. session.OutputMetadata.Keys]);
    }
}
