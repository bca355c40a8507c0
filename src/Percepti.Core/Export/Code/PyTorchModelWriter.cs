using System.Globalization;
using System.Text;

namespace Percepti.Core.Export.Code;

/// <summary>Collects a generated PyTorch module's submodules and forward statements, then renders the file.</summary>
internal sealed class PyTorchModelWriter
{
    private readonly List<string> _init = [];
    private readonly List<string> _forward = [];
    private string? _pendingComment;
    private int _stepComment;

    /// <summary>Whether a custom component needs the placeholder function.</summary>
    public bool HasCustomComponents { get; set; }

    /// <summary>Starts a component: its description heads its submodule; a short line heads its forward step.</summary>
    public void BeginComponent(string description, string step)
    {
        if (_forward.Count > 0)
        {
            _forward.Add(string.Empty);
        }

        _forward.Add($"# {step}");
        _stepComment = _forward.Count - 1;
        _pendingComment = description;
    }

    /// <summary>Ends a component: one without submodules gets its full description in forward instead.</summary>
    public void EndComponent()
    {
        if (_pendingComment is not null)
        {
            _forward[_stepComment] = $"# {_pendingComment}";
            _pendingComment = null;
        }
    }

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

    public void Statement(string line) => _forward.Add(line);

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
        AppendLines(code, _forward, "        ");
        code.AppendLine(CultureInfo.InvariantCulture, $"        return {string.Join(", ", outputs)}");
        return code.ToString();
    }

    private void Register(string key, string constructor)
    {
        if (_pendingComment is not null)
        {
            _init.Add($"# {_pendingComment}");
            _pendingComment = null;
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
