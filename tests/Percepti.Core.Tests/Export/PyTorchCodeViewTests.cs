using System.Globalization;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Export.Safetensors;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Components;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

/// <summary>
/// The PyTorch code view, checked in PyTorch itself (Debian's 1.13): every component's generated module, given the
/// same weights through safetensors, computes what Percepti.Core computes; weights go to PyTorch and back bit for bit.
/// </summary>
public sealed class PyTorchCodeViewTests
{
    // Loads each case folder's model.py, its weights (strictly) and inputs, runs forward in eval mode, writes the output.
    private const string RunCases = """
        import importlib.util, os, sys, traceback
        import torch
        from safetensors_io import load_file, save_file
        torch.set_grad_enabled(False)
        for case in sorted(os.listdir(sys.argv[1])):
            folder = os.path.join(sys.argv[1], case)
            try:
                spec = importlib.util.spec_from_file_location("model_" + case, os.path.join(folder, "model.py"))
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                model = module.CaseModel()
                model.load_state_dict(load_file(os.path.join(folder, "weights.safetensors")), strict=True)
                model.eval()
                inputs = load_file(os.path.join(folder, "inputs.safetensors"))
                save_file({"out": model(**inputs)}, os.path.join(folder, "output.safetensors"))
            except Exception:
                with open(os.path.join(folder, "error.txt"), "w") as f:
                    f.write(traceback.format_exc())
        """;

    // Loads weights into the generated module strictly, then writes its state dict back.
    private const string RoundTrip = """
        import importlib.util, sys
        from safetensors_io import load_file, save_file
        spec = importlib.util.spec_from_file_location("model", sys.argv[1])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.RoundTripModel()
        model.load_state_dict(load_file(sys.argv[2]), strict=True)
        save_file(model.state_dict(), sys.argv[3])
        print("keys", len(model.state_dict()))
        """;

    [Fact]
    public void Generated_PyTorch_for_every_component_matches_TorchSharp_with_the_same_weights()
    {
        using var files = new Data.TestFiles();
        string root = files.Path("cases");
        var expected = new Dictionary<string, (string Name, Tensor Output)>();
        using var scope = NewDisposeScope();
        int index = 0;
        foreach (object[] row in ComponentCases.Layers())
        {
            var (name, kind, settings, inputs, integerInputs) = ((string)row[0], (string)row[1], (ComponentSettings)row[2], (TensorShape[])row[3], (bool)row[4]);
            var graph = ComponentCases.SingleComponent(kind, settings, inputs);
            using var module = GraphModule.Compile(graph, seed: 3);
            module.eval();
            manual_seed(5);
            var values = inputs.Select((shape, i) => ($"in{i}", integerInputs ? randint(0, 5, shape.ToInt64Array(4)).to(ScalarType.Float32) : rand(shape.ToInt64Array(4)) + 0.5)).ToList();
            Tensor output;
            using (no_grad())
            {
                output = module.Run(values.ToDictionary(v => v.Item1, v => v.Item2))[new NodeId("component")].detach().clone();
            }

            string folder = Path.Combine(root, index.ToString("D3", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "model.py"), CodeView.PyTorch(graph, new CodeViewOptions { ClassName = "CaseModel", Outputs = [new NodeId("component")] }));
            SafetensorsWeights.Save(module, Path.Combine(folder, "weights.safetensors"));
            SafetensorsFile.Write(Path.Combine(folder, "inputs.safetensors"), values.ToDictionary(v => v.Item1, v => v.Item2), new Dictionary<string, string>());
            expected[Path.GetFileName(folder)] = (name, output);
            index++;
        }

        PythonTorch.WriteSafetensorsIo(files.Directory);
        File.WriteAllText(files.Path("run_cases.py"), RunCases);
        PythonTorch.Run(files.Directory, ["run_cases.py", root]);

        var problems = new List<string>();
        foreach (var (folder, (name, output)) in expected)
        {
            string error = Path.Combine(root, folder, "error.txt");
            if (File.Exists(error))
            {
                problems.Add($"{name}: PyTorch failed: {File.ReadAllText(error)}");
                continue;
            }

            var actual = SafetensorsFile.Read(Path.Combine(root, folder, "output.safetensors"))["out"];
            if (!actual.shape.SequenceEqual(output.shape))
            {
                problems.Add($"{name}: shape [{string.Join(", ", actual.shape)}] vs [{string.Join(", ", output.shape)}]");
            }
            else if (!actual.to(output.dtype).allclose(output, rtol: 1e-5, atol: 1e-5))
            {
                problems.Add($"{name}: largest difference {(actual.to(ScalarType.Float64) - output.to(ScalarType.Float64)).abs().max().item<double>():G3}");
            }
        }

        expected.Should().HaveCountGreaterThan(20, "every built-in kind has cases");
        string.Join(Environment.NewLine, problems).Should().BeEmpty("every case matches within 1e-5");
    }

    [Fact]
    public void Weights_go_to_PyTorch_and_back_bit_for_bit()
    {
        using var files = new Data.TestFiles();
        PythonTorch.WriteSafetensorsIo(files.Directory);
        File.WriteAllText(files.Path("round_trip.py"), RoundTrip);
        foreach (var graph in new[] { SeedGraphs.FashionCnn(), SeedGraphs.Residual() })
        {
            using var original = GraphModule.Compile(graph, seed: 11);
            using (no_grad())
            {
                // Buffers too (running statistics, batch counts): give them values an initial module would not have.
                foreach (var (_, buffer) in original.named_buffers())
                {
                    buffer.copy_(buffer.dtype == ScalarType.Int64 ? full_like(buffer, 7) : rand_like(buffer) + 0.25);
                }
            }

            string model = files.Path(graph.Name + ".py"), there = files.Path(graph.Name + ".safetensors"), back = files.Path(graph.Name + ".back.safetensors");
            File.WriteAllText(model, CodeView.PyTorch(graph, new CodeViewOptions { ClassName = "RoundTripModel" }));
            SafetensorsWeights.Save(original, there);

            string output = PythonTorch.Run(files.Directory, ["round_trip.py", model, there, back]);

            using var restored = GraphModule.Compile(graph, seed: 12);
            SafetensorsWeights.Load(restored, back);
            var expected = original.state_dict();
            output.Should().Contain($"keys {expected.Count}", "PyTorch's module has exactly Percepti.Core's state-dict keys");
            foreach (var (name, tensor) in restored.state_dict())
            {
                tensor.dtype.Should().Be(expected[name].dtype, name);
                tensor.contiguous().bytes.ToArray().Should().Equal(expected[name].contiguous().bytes.ToArray(), $"'{name}' of {graph.Name} comes back bit for bit");
            }
        }
    }

    [Fact]
    public void The_code_reads_like_the_graph_with_a_commented_field_per_layer_and_a_forward_that_follows_it()
    {
        string code = CodeView.PyTorch(SeedGraphs.FashionCnn());

        code.Should().Contain("class FashionCnnModel(nn.Module):");
        code.Should().Contain("# conv2d_1 · Convolution");
        code.Should().Contain("self.conv2d_1 = nn.ModuleDict({\"layer0\": nn.Conv2d(1, 32, 3)})");
        code.Should().Contain("def forward(self, image):");
        code.Should().Contain("conv2d_1_out = torch.relu(self.conv2d_1[\"layer0\"](image))");
        code.Should().Contain("return dense_2_out");
        code.Should().NotContain("\t");
    }

    [Fact]
    public void A_custom_component_becomes_a_call_that_fails_naming_it_and_odd_names_still_register_their_keys()
    {
        string custom = CodeView.PyTorch(ScaleComponent.ExampleGraph());
        custom.Should().Contain("custom(\"double-it\", \"Scale\"");
        custom.Should().Contain("raise NotImplementedError");

        var graph = ModelGraph.Create("names", g =>
        {
            var x = g.Input("class", TensorShape.Of(4));
            var a = x.Dense(3, name: "training");
            var b = x.Dense(3, name: "my-layer.v2");
            g.Regression(g.Concat(a, b, axis: 0, name: "cat").Dense(1, name: "self"), g.Target("y", TensorShape.Of(1)));
        });
        string code = CodeView.PyTorch(graph);

        code.Should().Contain("self.add_module(\"training\", nn.ModuleDict(", "nn.Module has its own 'training' attribute");
        code.Should().Contain("self._modules[\"training\"][\"layer\"]");
        code.Should().Contain("self.add_module(\"my-layer_v2\",", "the key is the component's module name, not a Python identifier");
        code.Should().Contain("def forward(self, class_):");
    }

    [Fact]
    public void A_package_made_from_safetensors_weights_predicts_like_the_model_that_wrote_them()
    {
        using var files = new Data.TestFiles();
        var graph = ModelGraph.Create("mlp", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(16, Activation.ReLU).Dense(10), g.Target("label", classes: 10)));
        var data = FashionMnist.Load(Data.TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 200)]);
        var preprocessing = Preprocessor.Fit(data);
        using var original = new Predictor(new TrainedModel(GraphModule.Compile(graph, seed: 4), preprocessing));
        string weights = files.Path("weights.safetensors"), package = files.Path("mlp.pmodel");
        using (var model = new TrainedModel(GraphModule.Compile(graph, seed: 4), preprocessing))
        {
            model.SaveSafetensors(weights);
        }

        ModelPackage.FromSafetensors(graph, Preprocessor.FromJson(preprocessing.ToJson()), weights, package);

        using var loaded = Predictor.Load(package);
        for (int row = 0; row < 5; row++)
        {
            float[] pixels = data.Read(row, "image");
            loaded.Predict(pixels).Values.Should().Equal(original.Predict(pixels).Values);
        }
    }

    [Fact]
    public void Weights_that_do_not_fit_the_graph_are_refused_and_no_package_is_written()
    {
        using var files = new Data.TestFiles();
        var small = ModelGraph.Create("small", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(10, name: "out"), g.Target("label", classes: 10)));
        var wider = ModelGraph.Create("wider", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(16, name: "hidden").Dense(10, name: "out"), g.Target("label", classes: 10)));
        string weights = files.Path("w.safetensors"), package = files.Path("p.pmodel");
        using (var module = GraphModule.Compile(wider, seed: 1))
        {
            SafetensorsWeights.Save(module, weights);
        }

        var preprocessing = Preprocessor.Fit(FashionMnist.Load(Data.TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 50)]));
        var act = () => ModelPackage.FromSafetensors(small, preprocessing, weights, package);

        act.Should().Throw<SafetensorsException>().WithMessage("*w.safetensors*not in the graph: 'hidden.layer.bias', 'hidden.layer.weight'*");
        File.Exists(package).Should().BeFalse();
    }
}
