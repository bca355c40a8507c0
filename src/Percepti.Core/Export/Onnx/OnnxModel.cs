namespace Percepti.Core.Export.Onnx;

/// <summary>ONNX tensor element types used by the exporter (values from onnx.proto).</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>An operator in the graph.</summary>
internal sealed record OnnxNode(string OperatorType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>An operator attribute: a long, float, string, long[] or float[].</summary>
internal sealed record OnnxAttribute(string Name, object Value);

/// <summary>A constant tensor (weights or a shape), stored as little-endian raw data.</summary>
internal sealed record OnnxInitializer(string Name, OnnxDataType DataType, long[] Dimensions, byte[] RawData);

/// <summary>A graph input or output; a null dimension is the dynamic batch.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType DataType, long?[] Dimensions);
