using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using Percepti.Core.Tests.Data;
using SkiaSharp;

namespace Percepti.Core.Hostile;

/// <summary>
/// Mutated data files and model packages: each must load and read every row, or be refused with a
/// <see cref="DatasetException"/> or <see cref="ModelPackageException"/>; nothing else, no hang, nothing written.
/// </summary>
internal static class FileCorpus
{
    public static HashSet<string> Run(int seed, int count, string work, Report report)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        string cases = Path.Combine(work, "cases");
        Directory.CreateDirectory(cases);
        var random = new Random(seed + 1);
        byte[] images = TestFiles.Idx(0x08, [6, 4, 4], [.. Enumerable.Range(0, 96).Select(i => (byte)(i * 2))]);
        byte[] labels = TestFiles.Idx(0x08, [6], [0, 1, 2, 0, 1, 2]);
        byte[] npyX = Npy("<f4", "(6, 3)", [.. Enumerable.Range(0, 18).SelectMany(i => BitConverter.GetBytes((float)i))]);
        byte[] npyY = Npy("<i8", "(6,)", [.. new long[] { 0, 1, 1, 0, 2, 2 }.SelectMany(BitConverter.GetBytes)]);
        string csv = "size,colour,flag,od280/od315,label\n1.5,red,yes,3.1,a\n2.5,blue,no,2.9,b\n3.5,red,no,1.1,a\n0.5,green,yes,4.2,b\n";
        byte[] png = Encode(SKEncodedImageFormat.Png, random);
        byte[] jpeg = Encode(SKEncodedImageFormat.Jpeg, random);
        byte[] package = Package(work);

        string Write(string name, byte[] bytes)
        {
            string path = Path.GetFullPath(Path.Combine(cases, name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            written.Add(path);
            return path;
        }

        for (int i = 0; i < count; i++)
        {
            switch (i % 5)
            {
                case 0:
                    {
                        bool imagesDamaged = random.Next(2) == 0;
                        var (bytes, mutation) = Mutations.Bytes(imagesDamaged ? images : labels, random, 16);
                        bool gzip = random.Next(2) == 0;
                        string x = Write($"idx-{i}/images{(gzip ? ".gz" : string.Empty)}", gzip ? Gzip(imagesDamaged ? bytes : images) : imagesDamaged ? bytes : images);
                        string y = Write($"idx-{i}/labels", imagesDamaged ? labels : bytes);
                        report.Case("file", $"idx #{i} ({mutation} of {(imagesDamaged ? "images" : "labels")}{(gzip ? ", gzip" : string.Empty)})", () => ReadAll(IdxDataset.Load(x, y)), typeof(DatasetException));
                        break;
                    }

                case 1:
                    {
                        bool inputs = random.Next(2) == 0;
                        var (bytes, mutation) = Mutations.Bytes(inputs ? npyX : npyY, random, 12);
                        string x = Write($"npy-{i}/x.npy", inputs ? bytes : npyX);
                        string y = Write($"npy-{i}/y.npy", inputs ? npyY : bytes);
                        report.Case("file", $"npy #{i} ({mutation} of {(inputs ? "inputs" : "targets")})", () => ReadAll(NpyDataset.Load(x, y)), typeof(DatasetException));
                        break;
                    }

                case 2:
                    {
                        var (text, mutation) = Mutations.Text(csv, random);
                        string path = Write($"csv-{i}.csv", Encoding.UTF8.GetBytes(text));
                        report.Case("file", $"csv #{i} ({mutation})", () => ReadTable(CsvDataset.Load(path, new CsvOptions { MaxCategories = 3 })), typeof(DatasetException));
                        break;
                    }

                case 3:
                    {
                        bool jpg = random.Next(2) == 0;
                        var (bytes, mutation) = Mutations.Bytes(jpg ? jpeg : png, random, 32);
                        Write($"images-{i}/good/a.png", png);
                        Write($"images-{i}/bad/b{(jpg ? ".jpg" : ".png")}", bytes);
                        string root = Path.Combine(cases, $"images-{i}");
                        report.Case("file", $"image #{i} ({mutation} of a {(jpg ? "JPEG" : "PNG")})", () => ReadAll(ImageFolderDataset.Load(root)), typeof(DatasetException));
                        break;
                    }

                default:
                    {
                        var (bytes, mutation) = random.Next(2) == 0 ? Mutations.Bytes(package, random, 64) : MutateEntry(package, random);
                        string path = Write($"package-{i}.pmodel", bytes);
                        report.Case("file", $"package #{i} ({mutation})", () => Predict(path), typeof(ModelPackageException), typeof(DatasetException));
                        break;
                    }
            }
        }

        return written;
    }

    private static void ReadAll(Dataset dataset)
    {
        for (int row = 0; row < dataset.Count; row++)
        {
            for (int column = 0; column < dataset.Schema.Columns.Count; column++)
            {
                if (dataset.Schema.Columns[column].IsNumeric)
                {
                    dataset.Read(row, dataset.Schema.Columns[column].Name);
                }
            }
        }
    }

    private static void ReadTable(Dataset table)
    {
        ReadAll(table);
        if (table.Schema.Inputs.Any(c => c.Shape.Rank == 0 && c.Kind != ColumnKind.Text))
        {
            var packed = table.ToFeatureVector();
            ReadAll(packed);
            _ = Preprocessor.Fit(packed, new Dictionary<string, ColumnPreprocessing> { ["features"] = new() { Normalization = NormalizationMode.Standardize } });
        }
    }

    private static void Predict(string path)
    {
        using var predictor = Predictor.Load(path);
        var row = predictor.Inputs.ToDictionary(i => i.Name, i => new float[i.Shape.ElementCount]);
        _ = predictor.PredictBatch([row]);
    }

    /// <summary>A package whose graph, preprocessing or metrics entry is mutated, with checksums made to match.</summary>
    private static (byte[] Bytes, string Name) MutateEntry(byte[] package, Random random)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var archive = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }

        string[] targets = ["graph.json", "preprocessing.json", "metrics.json"];
        string target = targets[random.Next(targets.Length)];
        var (text, mutation) = Mutations.Json(Encoding.UTF8.GetString(entries[target]), random);
        entries[target] = Encoding.UTF8.GetBytes(text);
        var manifest = JsonNode.Parse(entries["manifest.json"])!;
        manifest["Entries"]![target]!["Sha256"] = Convert.ToHexString(SHA256.HashData(entries[target]));
        manifest["Entries"]![target]!["Length"] = entries[target].Length;
        entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());

        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return (output.ToArray(), $"{mutation} of {target}, checksums fixed");
    }

    /// <summary>A small trained model package: a table regression over a feature vector.</summary>
    private static byte[] Package(string work)
    {
        var random = new Random(4);
        float[] x = [.. Enumerable.Range(0, 3 * 40).Select(_ => (float)random.NextDouble())];
        var data = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(3), ColumnRole.Input), x),
            (new DatasetColumn("y", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), [.. Enumerable.Range(0, 40).Select(r => x[3 * r] * 10)]));
        var graph = ModelGraph.Create("base", g => g.Regression(g.Input("x", TensorShape.Of(3)).Dense(4, Activation.ReLU).Dense(1), g.Target("y", TensorShape.Of(1))));
        var standardize = new ColumnPreprocessing { Normalization = NormalizationMode.Standardize };
        using var run = Trainer.Start(graph, data.Split(train: 0.8, validation: 0.2, seed: 1), new TrainingOptions { Epochs = 1, Preprocessing = new Dictionary<string, ColumnPreprocessing> { ["x"] = standardize, ["y"] = standardize } });
        using var model = run.Completion.GetAwaiter().GetResult().Model;
        string path = Path.Combine(work, "base.pmodel");
        model.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private static byte[] Encode(SKEncodedImageFormat format, Random random)
    {
        using var bitmap = new SKBitmap(24, 24);
        for (int y = 0; y < 24; y++)
        {
            for (int x = 0; x < 24; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Npy(string type, string shape, byte[] data)
    {
        string header = $"{{'descr': '{type}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((header.Length + 11) / 64 * 64) + 63 - 10) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }
}
