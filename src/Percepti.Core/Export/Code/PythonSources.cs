namespace Percepti.Core.Export.Code;

/// <summary>The Python files shipped inside the library (Export/Python), which PyTorch exports write beside their code.</summary>
internal static class PythonSources
{
    /// <summary>
    /// <c>safetensors_io.py</c>: <c>load_file</c> and <c>save_file</c> with PyTorch alone, for PyTorch builds without the
    /// <c>safetensors</c> package (Debian's, for one); the files are the same either way.
    /// </summary>
    public static string SafetensorsIo => Read("safetensors_io.py");

    /// <summary><c>train.py</c>: the distributed training script of <see cref="PyTorchProject"/>.</summary>
    public static string Train => Read("train.py");

    private static string Read(string name)
    {
        using var stream = typeof(PythonSources).Assembly.GetManifestResourceStream("Percepti.Core.Export.Python." + name)
            ?? throw new InvalidOperationException($"The library is missing its resource '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
