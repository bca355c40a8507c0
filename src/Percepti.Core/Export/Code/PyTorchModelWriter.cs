using System.Globalization;
using System.Text;

namespace Percepti.Core.Export.Code;

/// <summary>Collects a generated PyTorch module's submodules and forward statements, then renders the file.</summary>
internal sealed class PyTorchModelWriter() : CodeModelWriter("#")
{
    private readonly List<string> _init = [];

    /// <summary>
    /// Registers a component's layers under the key Percepti.Core gives it and their names inside it (a ModuleDict), so
    /// the state-dict keys are Percepti.Core's; returns the expression of each layer, in order.
    /// </summary>
    public string[] Component(string key, params (string Name, string Constructor)[] layers)
    {
        string dict = "nn.ModuleDict({" + string.Join(", ", layers.Select(l => $"{PythonText.String(l.Name)}: {l.Constructor}")) + "})";
        Register(key, dict);
        string owner = PythonText.Attribute(key);
        return [.. layers.Select(l => $"{owner}[{PythonText.String(l.Name)}]")];
    }

    /// <summary>Registers a layer without weights (pooling, dropout) under the component's key, so train/eval mode reaches it.</summary>
    public string Layer(string key, string constructor)
    {
        Register(key, constructor);
        return PythonText.Attribute(key);
    }

    public string Render(string header, string summary, string className, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        var code = new StringBuilder();
        code.Append(header);
        code.AppendLine("import torch");
        code.AppendLine("import torch.nn as nn");
        code.AppendLine("import torch.nn.functional as F");
        code.AppendLine();
        if (HasCustomComponents)
        {
            code.AppendLine();
            code.AppendLine("def custom(component, kind, *inputs):");
            code.AppendLine("    \"\"\"A custom component: write its computation here.\"\"\"");
            code.AppendLine("    raise NotImplementedError(f\"Component '{component}' is a custom '{kind}' component; write its computation in the generated code.\")");
            code.AppendLine();
        }

        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"class {className}(nn.Module):");
        code.AppendLine(CultureInfo.InvariantCulture, $"    \"\"\"{summary}\"\"\"");
        code.AppendLine();
        code.AppendLine("    def __init__(self):");
        code.AppendLine("        super().__init__()");
        AppendLines(code, _init, "        ");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"    def forward(self, {string.Join(", ", inputs)}):");
        AppendLines(code, Forward, "        ");
        code.AppendLine(CultureInfo.InvariantCulture, $"        return {string.Join(", ", outputs)}");
        return code.ToString();
    }

    private void Register(string key, string constructor)
    {
        if (TakeDescription() is { } description)
        {
            _init.Add(description);
        }

        _init.Add(PythonText.IsPlainAttribute(key) ? $"self.{key} = {constructor}" : $"self.add_module({PythonText.String(key)}, {constructor})");
    }

    private static void AppendLines(StringBuilder code, IEnumerable<string> lines, string indent)
    {
        foreach (string line in lines)
        {
            code.AppendLine(line.Length == 0 ? string.Empty : indent + line);
        }
    }
}
