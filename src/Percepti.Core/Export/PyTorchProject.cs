using System.Globalization;
using System.Text;
using System.Text.Json;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Export.Code;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Export;

/// <summary>
/// Hands a graph to PyTorch's own distributed training: a folder with the model (<see cref="CodeView.PyTorch"/>), a
/// <c>train.py</c> that runs alone or under <c>torchrun</c> (DistributedDataParallel, DistributedSampler; nccl on GPUs,
/// gloo on CPUs) with the run's training options, the preprocessed splits as NPY files, the graph and the fitted
/// preprocessing, and a README with the commands. The weights it writes (<c>weights.safetensors</c>) come back with
/// <see cref="ModelPackage.FromSafetensors"/>.
/// </summary>
public static class PyTorchProject
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>
    /// Writes the project. The folder is filled in a temporary folder beside it and renamed, so it is never half
    /// written; it must not exist, or be empty.
    /// </summary>
    /// <param name="graph">A valid graph with at least one loss head.</param>
    /// <param name="split">Training, validation and (optionally) test rows; each is preprocessed with the preprocessing fitted on the training rows.</param>
    /// <param name="options">The training options to reproduce (optimizer, learning rate and schedule, weight decay, momentum, clipping, batch size per process, epochs, seed, preprocessing); null for the defaults.</param>
    /// <param name="folder">The project folder.</param>
    /// <returns>What the export could not reproduce in PyTorch (e.g. augmentation, early stopping), also listed in its README; empty when everything is.</returns>
    /// <exception cref="GraphValidationException">The graph has errors.</exception>
    /// <exception cref="ColumnBindingException">An Input or Target does not fit its column.</exception>
    /// <exception cref="IOException">The folder exists and is not empty.</exception>
    public static IReadOnlyList<string> Export(ModelGraph graph, DatasetSplit split, TrainingOptions? options, string folder)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new TrainingOptions();
        Options.OptionsValidator.Validate(options, nameof(options));
        var analysis = GraphValidationException.ThrowIfInvalid(graph, options.Limits);
        string target = Path.GetFullPath(folder);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} is not empty; export the project into a new or empty folder.");
        }

        // The checks training makes before it starts; the roles come from the graph alone (no weights are built).
        Trainer.CheckData(graph, split, options);
        var inputs = GraphRoles.Inputs(analysis);
        var heads = GraphRoles.Heads(analysis).Select(h => (Head: h, Wiring: GraphRoles.Wiring(graph, h))).ToList();
        if (heads.Count == 0)
        {
            throw new ArgumentException($"Graph '{graph.Name}' has no loss head (Classification or Regression); add one to train it.", nameof(graph));
        }

        var preprocessor = Preprocessor.Fit(split.Training, options.Preprocessing);
        var notReproduced = NotReproduced(options);
        string temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.Combine(temporary, "data"));
            string code = CodeView.PyTorch(graph, new CodeViewOptions { ClassName = "Model", Outputs = [.. heads.Select(h => h.Wiring.Prediction)] });
            File.WriteAllText(Path.Combine(temporary, "model.py"), code);
            File.WriteAllText(Path.Combine(temporary, "train.py"), PythonSources.Train);
            File.WriteAllText(Path.Combine(temporary, "safetensors_io.py"), PythonSources.SafetensorsIo);
            File.WriteAllText(Path.Combine(temporary, "graph.json"), GraphJson.Serialize(graph));
            File.WriteAllText(Path.Combine(temporary, "preprocessing.json"), preprocessor.ToJson());
            var columns = inputs.Select(i => i.Value).Concat(heads.Select(h => h.Wiring.Target.Value)).ToList();
            var rows = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, dataset) in new[] { ("train", split.Training), ("validation", split.Validation), ("test", split.Test) })
            {
                if (dataset is { Count: > 0 })
                {
                    WriteSplit(Path.Combine(temporary, "data"), name, dataset, preprocessor, columns);
                    rows[name] = dataset.Count;
                }
            }

            File.WriteAllText(Path.Combine(temporary, "config.json"), Config(graph, options, inputs, heads.Select(h => (h.Head, h.Wiring.Target)).ToList(), rows, notReproduced));
            File.WriteAllText(Path.Combine(temporary, "README.md"), Readme(graph, options, rows, notReproduced));
            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(temporary, target);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return notReproduced;
    }

    private static List<string> NotReproduced(TrainingOptions options)
    {
        var missing = new List<string>();
        if (options.Augmentation is { IsActive: true })
        {
            missing.Add("augmentation (the exported rows are the preprocessed originals)");
        }

        if (options.EarlyStoppingMetric is not null)
        {
            missing.Add($"early stopping on '{options.EarlyStoppingMetric}' (every epoch is trained)");
        }

        if (options.SkipNonFiniteBatches)
        {
            missing.Add("skipping batches with a non-finite loss");
        }

        if (options.CheckpointDirectory is not null)
        {
            missing.Add("checkpoints (train.py writes the final weights only)");
        }

        return missing;
    }

    /// <summary>One NPY file per column and split, written batch by batch: float32 features, int64 class indices.</summary>
    private static void WriteSplit(string folder, string split, Dataset dataset, Preprocessor preprocessor, List<string> columns)
    {
        var loader = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 1024, Shuffle = false });
        var writers = new Dictionary<string, NpyWriter>(StringComparer.Ordinal);
        try
        {
            foreach (var batch in loader.ReadEpoch(0))
            {
                using var scope = NewDisposeScope();
                var tensors = batch.ToTensors(CPU);
                foreach (string column in columns)
                {
                    var values = tensors[column];
                    if (!writers.TryGetValue(column, out var writer))
                    {
                        writer = new NpyWriter(Path.Combine(folder, $"{split}_{column}.npy"), dataset.Count, [.. values.shape.Skip(1)], values.dtype == ScalarType.Int64 ? ScalarType.Int64 : ScalarType.Float32);
                        writers[column] = writer;
                    }

                    writer.Append(values.dtype == ScalarType.Int64 ? values : values.to(ScalarType.Float32));
                }
            }

            foreach (var writer in writers.Values)
            {
                writer.Complete();
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }
    }

    private static string Config(ModelGraph graph, TrainingOptions options, List<NodeId> inputs, List<(NodeId Head, NodeId Target)> heads, Dictionary<string, int> rows, List<string> notReproduced)
    {
        var config = new Dictionary<string, object?>
        {
            ["graph"] = graph.Name,
            ["inputs"] = inputs.Select(i => i.Value).ToList(),
            ["heads"] = heads.Select(h => Head(graph[h.Head].Settings, h.Target)).ToList(),
            ["optimizer"] = options.Optimizer.ToString().ToLowerInvariant(),
            ["learning_rate"] = options.LearningRate,
            ["weight_decay"] = options.WeightDecay,
            ["momentum"] = options.Momentum,
            ["nesterov"] = options.Nesterov,
            ["schedule"] = options.Schedule.ToString().ToLowerInvariant(),
            ["step_epochs"] = options.StepEpochs,
            ["step_gamma"] = options.StepGamma,
            ["gradient_clip_norm"] = options.GradientClipNorm,
            ["batch_size"] = options.BatchSize,
            ["epochs"] = options.Epochs,
            ["seed"] = options.Seed,
            ["rows"] = rows,
            ["not_reproduced"] = notReproduced,
        };
        return JsonSerializer.Serialize(config, IndentedJson);
    }

    private static Dictionary<string, object?> Head(ComponentSettings settings, NodeId target) => settings switch
    {
        ClassificationSettings classification => new()
        {
            ["kind"] = "classification",
            ["target"] = target.Value,
            ["class_weights"] = classification.ClassWeights.ToList(),
            ["label_smoothing"] = classification.LabelSmoothing,
        },
        RegressionSettings regression => new()
        {
            ["kind"] = "regression",
            ["target"] = target.Value,
            ["loss"] = regression.Loss switch { RegressionLoss.MeanAbsoluteError => "mae", RegressionLoss.Huber => "huber", _ => "mse" },
            ["delta"] = regression.Delta,
        },
        _ => throw new ArgumentException($"A head of settings {settings.GetType().Name} has no PyTorch loss."),
    };

    private static string Readme(ModelGraph graph, TrainingOptions options, Dictionary<string, int> rows, List<string> notReproduced)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {graph.Name}: a PyTorch project exported by Percepti.Core");
        text.AppendLine();
        text.AppendLine("`model.py` is the graph as one `nn.Module` (its state-dict keys are Percepti.Core's parameter names); `train.py`");
        text.AppendLine(CultureInfo.InvariantCulture, $"trains it with the run's options ({options.Optimizer}, learning rate {options.LearningRate.ToString("G", CultureInfo.InvariantCulture)}, {options.Schedule} schedule, batch {options.BatchSize} per process, {options.Epochs} epochs, seed {options.Seed});");
        text.AppendLine(CultureInfo.InvariantCulture, $"`data/` holds the preprocessed splits as NPY files ({string.Join(", ", rows.Select(r => $"{r.Key} {r.Value:N0} rows"))}), `preprocessing.json` the");
        text.AppendLine("preprocessing fitted on the training rows and `graph.json` the graph. Needs PyTorch 1.13 or later and NumPy.");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine("python3 train.py                                   # one process (CPU, or the first GPU)");
        text.AppendLine("torchrun --nproc_per_node=N train.py               # one machine, N processes (nccl on GPUs, gloo on CPUs)");
        text.AppendLine("torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:PORT train.py   # M machines");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("PyTorch 1.13 on Python 3.11 (Debian 12's `python3-torch`) cannot parse torchrun's default `--redirects`/`--tee` value:");
        text.AppendLine("add `--redirects 1 --tee 1` there (each process's output then also goes to a log folder).");
        text.AppendLine();
        text.AppendLine("Every process logs one JSON line per epoch; rank 0 writes `metrics.jsonl`, `history.json`, `weights.safetensors`");
        text.AppendLine("and, when `data/` holds a test split, `test_predictions.json`. Back in .NET, the weights become a model package that");
        text.AppendLine("`Predictor.Load` serves:");
        text.AppendLine();
        text.AppendLine("```csharp");
        text.AppendLine("ModelPackage.FromSafetensors(GraphJson.Load(\"graph.json\"), Preprocessor.FromJson(File.ReadAllText(\"preprocessing.json\")),");
        text.AppendLine("    \"weights.safetensors\", \"model.pmodel\");");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("For serving, export the loaded model as ONNX (`model.ExportOnnx(path)`): the `.onnx` runs in ONNX Runtime, Triton or any");
        text.AppendLine("ONNX server.");
        if (notReproduced.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Not reproduced by `train.py`:");
            foreach (string item in notReproduced)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {item}");
            }
        }

        return text.ToString();
    }
}
