using System.Buffers.Binary;
using System.Text;
using Percepti.Core.Components;
using Percepti.Core.Export;
using Percepti.Core.Export.Safetensors;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

/// <summary>The safetensors reader on well-formed, malformed and hostile files: a typed error naming the place, never a crash or a large allocation.</summary>
public sealed class SafetensorsTests
{
    [Fact]
    public void Tensors_of_every_dtype_and_shape_come_back_bit_for_bit()
    {
        using var files = new Data.TestFiles();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4),
            ["f64"] = randn(2).to(ScalarType.Float64),
            ["f16"] = randn(5).to(ScalarType.Float16),
            ["bf16"] = randn(5).to(ScalarType.BFloat16),
            ["i64"] = tensor(new long[] { long.MinValue, 0, long.MaxValue }),
            ["i32"] = tensor(new[] { 1, -2 }),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(7L),
            ["empty"] = zeros(0, 3),
            ["nan"] = tensor(new[] { float.NaN, float.NegativeInfinity }),
        };
        string path = files.Path("all.safetensors");

        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var read = SafetensorsFile.Read(path);

        read.Keys.Should().BeEquivalentTo(tensors.Keys);
        foreach (var (name, tensor) in tensors)
        {
            read[name].dtype.Should().Be(tensor.dtype, name);
            read[name].shape.Should().Equal(tensor.shape, name);
            read[name].bytes.ToArray().Should().Equal(tensor.contiguous().bytes.ToArray(), name);
        }

        (BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path)) % 8).Should().Be(0, "the data starts on an 8-byte boundary");
    }

    public static TheoryData<string, string, string> Malformed() => new()
    {
        // name, header JSON ("" = none), message pattern
        { "header length larger than the file", "HUGE", "*header length*out of range*" },
        { "header length below two", "SMALL", "*header length 1 *out of range*" },
        { "header not JSON", "{not json", "*header is not valid JSON*" },
        { "header not an object", "[1, 2]", "*must be a JSON object*" },
        { "unknown dtype", """{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,4]}}""", "*$['w'].dtype 'F128' is not one*" },
        { "dtype not a string", """{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}""", "*$['w'].dtype is missing or not a string*" },
        { "negative dimension", """{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", "*$['w'].shape[0] must be a non-negative integer*" },
        { "shape and byte count disagree", """{"w":{"dtype":"U8","shape":[2],"data_offsets":[0,4]}}""", "*$['w'] is U8 of shape [2], 2 bytes, but data_offsets [0, 4] give 4*" },
        { "huge declared shape", """{"w":{"dtype":"F64","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}""", "*$['w']*more than the file holds*" },
        { "offsets past the data", """{"w":{"dtype":"F32","shape":[1000000],"data_offsets":[0,4000000]}}""", "*$['w'].data_offsets [0, 4000000] are outside the 4 bytes of data*" },
        { "offsets reversed", """{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", "*$['w'].data_offsets [4, 0] are outside*" },
        { "overlapping tensors", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "*data_offsets [0, 4] overlaps the tensor before it*" },
        { "a gap between tensors", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", "*$['b'].data_offsets [2, 4] leaves a gap*" },
        { "bytes after the last tensor", """{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", "*declare 2 bytes of data but the file holds 4*" },
        { "a name declared twice", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "*$['a'] is declared twice*" },
        { "metadata that is not strings", """{"__metadata__":{"n":1},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "*$['__metadata__'] must map names to strings*" },
        { "an unknown field", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"pickle":"x"}}""", "*$['a'].pickle is not part of the format*" },
        { "deep nesting", new string('[', 100) + new string(']', 100), "*not valid JSON*" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_or_hostile_file_gives_a_typed_error_naming_the_place_without_a_large_allocation(string name, string header, string message)
    {
        using var files = new Data.TestFiles();
        string path = files.Path("bad.safetensors");
        File.WriteAllBytes(path, Build(header, data: 4));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = () => SafetensorsFile.Read(path);

        read.Should().Throw<SafetensorsException>(name).WithMessage(message).And.Message.Should().Contain(path);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "nothing is allocated for sizes the file does not hold");
    }

    [Fact]
    public void A_file_too_short_or_missing_gives_a_typed_error()
    {
        using var files = new Data.TestFiles();
        string path = files.Write("short.safetensors", [1, 2, 3]);

        ((Action)(() => SafetensorsFile.Read(path))).Should().Throw<SafetensorsException>().WithMessage("*3 bytes is too short*");
        ((Action)(() => SafetensorsFile.Read(files.Path("missing.safetensors")))).Should().Throw<SafetensorsException>().WithMessage("*cannot be opened*");
    }

    [Fact]
    public void Weights_with_the_wrong_dtype_or_shape_are_refused_and_the_model_is_unchanged()
    {
        using var files = new Data.TestFiles();
        var graph = Percepti.Core.Graph.ModelGraph.Create("d", g => g.Input("x", Percepti.Core.Graph.TensorShape.Of(3)).Dense(2, name: "d"));
        using var module = Percepti.Core.Training.GraphModule.Compile(graph, seed: 1);
        var before = module.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var scope = NewDisposeScope();
        string doubles = files.Path("f64.safetensors"), shaped = files.Path("shape.safetensors");
        SafetensorsFile.Write(doubles, module.state_dict().ToDictionary(p => p.Key, p => p.Value.to(ScalarType.Float64)), new Dictionary<string, string>());
        SafetensorsFile.Write(shaped, new Dictionary<string, Tensor> { ["d.layer.weight"] = zeros(3, 2), ["d.layer.bias"] = zeros(2) }, new Dictionary<string, string>());

        ((Action)(() => SafetensorsWeights.Load(module, doubles))).Should().Throw<SafetensorsException>().WithMessage("*'d.layer.*' is Float64 [*]; graph 'd' needs Float32*");
        ((Action)(() => SafetensorsWeights.Load(module, shaped))).Should().Throw<SafetensorsException>().WithMessage("*'d.layer.weight' is Float32 [3, 2]; graph 'd' needs Float32 [2, 3]*");
        foreach (var (name, tensor) in module.state_dict())
        {
            tensor.equal(before[name]).all().item<bool>().Should().BeTrue(name);
        }
    }

    /// <summary>A file with the given header (or a bad length for HUGE / SMALL) and that many bytes of data.</summary>
    private static byte[] Build(string header, int data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        ulong length = header switch { "HUGE" => ulong.MaxValue - 7, "SMALL" => 1, _ => (ulong)json.Length };
        if (header is "HUGE" or "SMALL")
        {
            json = [];
        }

        var bytes = new byte[8 + json.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
