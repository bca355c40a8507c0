namespace Percepti.Core.Export.Onnx;

/// <summary>Serializes a built graph as an ONNX <c>ModelProto</c>; field numbers follow onnx.proto.</summary>
internal static class OnnxModelWriter
{
    /// <summary>IR version 8 goes with opset 17, which every current ONNX runtime reads.</summary>
    public const long IrVersion = 8;

    public const long OpsetVersion = 17;

    private enum AttributeType
    {
        Float = 1,
        Int = 2,
        String = 3,
        Floats = 6,
        Ints = 7,
    }

    public static byte[] Write(OnnxGraphBuilder graph, string graphName, string producerVersion, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ProtobufWriter();
        model.Int64(1, IrVersion);
        model.String(2, "Percepti.Core");
        model.String(3, producerVersion);
        model.Message(7, g => WriteGraph(g, graph, graphName));
        model.Message(8, opset =>
        {
            opset.String(1, string.Empty);
            opset.Int64(2, OpsetVersion);
        });
        foreach (var (key, value) in metadata)
        {
            model.Message(14, entry =>
            {
                entry.String(1, key);
                entry.String(2, value);
            });
        }

        return model.ToArray();
    }

    private static void WriteGraph(ProtobufWriter writer, OnnxGraphBuilder graph, string name)
    {
        foreach (var node in graph.Nodes)
        {
            writer.Message(1, n => WriteNode(n, node));
        }

        writer.String(2, name);
        foreach (var initializer in graph.Initializers)
        {
            writer.Message(5, t =>
            {
                foreach (long dimension in initializer.Dimensions)
                {
                    t.Int64(1, dimension);
                }

                t.Int64(2, (long)initializer.DataType);
                t.String(8, initializer.Name);
                t.Bytes(9, initializer.RawData);
            });
        }

        foreach (var input in graph.Inputs)
        {
            writer.Message(11, v => WriteValueInfo(v, input));
        }

        foreach (var output in graph.Outputs)
        {
            writer.Message(12, v => WriteValueInfo(v, output));
        }
    }

    private static void WriteNode(ProtobufWriter writer, OnnxNode node)
    {
        foreach (string input in node.Inputs)
        {
            writer.String(1, input);
        }

        foreach (string output in node.Outputs)
        {
            writer.String(2, output);
        }

        writer.String(3, node.Name);
        writer.String(4, node.OperatorType);
        foreach (var attribute in node.Attributes)
        {
            writer.Message(5, a => WriteAttribute(a, attribute));
        }
    }

    private static void WriteAttribute(ProtobufWriter writer, OnnxAttribute attribute)
    {
        writer.String(1, attribute.Name);
        switch (attribute.Value)
        {
            case float or double:
                writer.Float(2, Convert.ToSingle(attribute.Value, System.Globalization.CultureInfo.InvariantCulture));
                writer.Int64(20, (long)AttributeType.Float);
                break;
            case int or long:
                writer.Int64(3, Convert.ToInt64(attribute.Value, System.Globalization.CultureInfo.InvariantCulture));
                writer.Int64(20, (long)AttributeType.Int);
                break;
            case string text:
                writer.String(4, text);
                writer.Int64(20, (long)AttributeType.String);
                break;
            case float[] floats:
                foreach (float value in floats)
                {
                    writer.Float(7, value);
                }

                writer.Int64(20, (long)AttributeType.Floats);
                break;
            case long[] integers:
                foreach (long value in integers)
                {
                    writer.Int64(8, value);
                }

                writer.Int64(20, (long)AttributeType.Ints);
                break;
            default:
                throw new ArgumentException($"ONNX attribute '{attribute.Name}' has an unsupported value type {attribute.Value.GetType().Name}.", nameof(attribute));
        }
    }

    private static void WriteValueInfo(ProtobufWriter writer, OnnxValueInfo value)
    {
        writer.String(1, value.Name);
        writer.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, (long)value.DataType);
            tensor.Message(2, shape =>
            {
                foreach (long? dimension in value.Dimensions)
                {
                    shape.Message(1, d =>
                    {
                        if (dimension is long fixedSize)
                        {
                            d.Int64(1, fixedSize);
                        }
                        else
                        {
                            d.String(2, "batch");
                        }
                    });
                }
            });
        }));
    }
}
