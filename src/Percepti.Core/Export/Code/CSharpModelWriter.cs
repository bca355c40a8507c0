using System.Globalization;
using System.Text;

namespace Percepti.Core.Export.Code;

/// <summary>Collects a generated TorchSharp module's fields, registrations and forward statements, then renders the class.</summary>
internal sealed class CSharpModelWriter() : CodeModelWriter("//")
{
    private readonly List<string> _fields = [];
    private readonly List<string> _registrations = [];

    public void Field(string type, string name, string initializer)
    {
        if (TakeDescription() is { } description)
        {
            if (_fields.Count > 0)
            {
                _fields.Add(string.Empty);
            }

            _fields.Add(description);
        }

        _fields.Add($"private readonly {type} {name} = {initializer};");
    }

    /// <summary>Registers a component's layers under the keys Percepti.Core gives them, so its saved weights load unchanged.</summary>
    public void Component(string key, params (string Key, string Field)[] layers) =>
        _registrations.Add($"Component(\"{key}\", {string.Join(", ", layers.Select(l => $"(\"{l.Key}\", {l.Field})"))});");

    /// <summary>Registers a layer without weights (pooling, dropout) so train/eval mode reaches it.</summary>
    public void Layer(string key, string field) => _registrations.Add($"register_module(\"{key}\", {field});");

    public string Render(string header, string summary, string ns, string className, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        string types = string.Join(", ", Enumerable.Repeat("Tensor", inputs.Count));
        string result = outputs.Count == 1 ? "Tensor" : "Tensor[]";
        var code = new StringBuilder();
        code.Append(header);
        code.AppendLine("using System;");
        code.AppendLine("using TorchSharp;");
        code.AppendLine("using TorchSharp.Modules;");
        code.AppendLine("using static TorchSharp.torch;");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"namespace {ns};");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"/// <summary>{summary}</summary>");
        code.AppendLine(CultureInfo.InvariantCulture, $"public sealed class {className} : nn.Module<{types}, {result}>");
        code.AppendLine("{");
        AppendLines(code, _fields, "    ");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"    public {className}()");
        code.AppendLine(CultureInfo.InvariantCulture, $"        : base(\"{className}\")");
        code.AppendLine("    {");
        AppendLines(code, _registrations, "        ");
        code.AppendLine("    }");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"    public override {result} forward({string.Join(", ", inputs.Select(i => $"Tensor {i}"))})");
        code.AppendLine("    {");
        AppendLines(code, Forward, "        ");
        code.AppendLine(outputs.Count == 1 ? $"        return {outputs[0]};" : $"        return [{string.Join(", ", outputs)}];");
        code.AppendLine("    }");
        code.AppendLine();
        code.AppendLine("    // Registers a component's layers under the names Percepti.Core uses, so saved weights load as they are.");
        code.AppendLine("    private void Component(string name, params (string, nn.Module)[] layers) => register_module(name, nn.ModuleDict(layers));");
        if (HasCustomComponents)
        {
            code.AppendLine();
            code.AppendLine("    // A custom component: write its computation here.");
            code.AppendLine("    private static Tensor Custom(string component, string kind, params Tensor[] inputs) =>");
            code.AppendLine("        throw new NotImplementedException($\"Component '{component}' is a custom '{kind}' component; write its computation in the generated code.\");");
        }

        code.AppendLine("}");
        return code.ToString();
    }

    private static void AppendLines(StringBuilder code, IEnumerable<string> lines, string indent)
    {
        foreach (string line in lines)
        {
            code.AppendLine(line.Length == 0 ? string.Empty : indent + line);
        }
    }
}
