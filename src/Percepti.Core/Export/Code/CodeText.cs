using System.Globalization;
using System.Text;
using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>Names and literals for generated code.</summary>
internal static class CodeText
{
    // C# keywords, and the names the generated class itself uses: a field named like one would hide it.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
        "nn", "torch", "cat", "tensor", "Tensor", "ScalarType", "InterpolationMode", "Component", "Custom", "forward", "register_module",
    };

    /// <summary>A node id as a C# identifier: '-' and '.' become '_'; keywords and the generated class's own names get a suffix.</summary>
    public static string Identifier(NodeId id) => Identifier(id, Reserved);

    /// <summary>A node id as an identifier: '-' and '.' become '_', a leading digit gets '_', a reserved name a suffix.</summary>
    public static string Identifier(NodeId id, IReadOnlySet<string> reserved)
    {
        var text = new StringBuilder(id.Value.Length + 1);
        if (char.IsAsciiDigit(id.Value[0]))
        {
            text.Append('_');
        }

        foreach (char c in id.Value)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        string name = text.ToString();
        return reserved.Contains(name) ? name + "_" : name;
    }

    /// <summary>A graph name as a PascalCase type name.</summary>
    public static string TypeName(string graphName, string suffix)
    {
        var words = new string(graphName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ').ToArray()).Split(' ');
        string name = string.Concat(words.Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name = "Graph" + name;
        }

        return name.EndsWith(suffix, StringComparison.Ordinal) ? name : name + suffix;
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) switch
    {
        var text when text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) => text,
        var text => text + ".0",
    };

    public static string Integers(IEnumerable<long> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// An element-wise Merge as an infix expression, folded left with parentheses (<c>(a - b) - c</c>); C# and Python
    /// write it alike.
    /// </summary>
    public static string Arithmetic(IReadOnlyList<string> inputs, Components.Kinds.MergeOperation operation)
    {
        string op = operation switch
        {
            Components.Kinds.MergeOperation.Add => "+",
            Components.Kinds.MergeOperation.Subtract => "-",
            Components.Kinds.MergeOperation.Multiply => "*",
            _ => "/",
        };
        return inputs.Skip(1).Aggregate(inputs[0], (total, next) => total == inputs[0] ? $"{total} {op} {next}" : $"({total}) {op} {next}");
    }

    public static string Shape(TensorShape shape) => $"[{Integers(shape.Select(d => (long)d))}]";

    /// <summary>One line saying what a component does: its id, kind, the settings changed from the defaults, and its shapes.</summary>
    public static string Describe(NodeId id, ComponentKind kind, ComponentSettings settings, IReadOnlyList<TensorShape> inputs, TensorShape output)
    {
        var changed = kind.Settings
            .Where(s => !Equals(s.GetValue(settings), s.DefaultValue))
            .Select(s => $"{s.DisplayName.ToLowerInvariant()} {Format(s.GetValue(settings))}");
        string settingsText = string.Join(", ", changed);
        return settingsText.Length == 0 ? $"{id} · {kind.Name} · {Shapes(inputs, output)}" : $"{id} · {kind.Name}: {settingsText} · {Shapes(inputs, output)}";
    }

    /// <summary>The input shapes and the output shape, e.g. <c>[1, 28, 28] → [32, 26, 26]</c>.</summary>
    public static string Shapes(IReadOnlyList<TensorShape> inputs, TensorShape output) =>
        inputs.Count == 0 ? Shape(output) : $"{string.Join(" + ", inputs.Select(Shape))} → {Shape(output)}";

    private static string Format(object? value) => value switch
    {
        null => "none",
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
