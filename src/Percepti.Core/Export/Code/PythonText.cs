using System.Globalization;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>Names and literals for generated Python.</summary>
internal static class PythonText
{
    // Python keywords and the names the generated module itself uses.
    private static readonly HashSet<string> ReservedLocals = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        "self", "torch", "nn", "F", "custom",
    };

    // What nn.Module itself holds as attributes: a component named like one must be reached through _modules.
    private static readonly HashSet<string> ModuleAttributes = new(StringComparer.Ordinal)
    {
        "training", "forward", "train", "eval", "to", "cuda", "cpu", "xpu", "ipu", "float", "double", "half", "bfloat16", "type",
        "apply", "parameters", "named_parameters", "buffers", "named_buffers", "children", "named_children", "modules",
        "named_modules", "state_dict", "load_state_dict", "register_buffer", "register_parameter", "register_module",
        "add_module", "get_submodule", "get_parameter", "get_buffer", "get_extra_state", "set_extra_state", "zero_grad",
        "requires_grad_", "share_memory", "extra_repr", "to_empty", "dump_patches", "call_super_init", "T_destination",
        "register_forward_hook", "register_forward_pre_hook", "register_backward_hook", "register_full_backward_hook",
        "register_full_backward_pre_hook", "register_state_dict_pre_hook", "register_load_state_dict_post_hook",
    };

    /// <summary>A node id as a Python local name: '-' and '.' become '_'; keywords and the module's own names get a suffix.</summary>
    public static string Local(NodeId id) => CodeText.Identifier(id, ReservedLocals);

    /// <summary>How forward reaches the submodule registered under a key: <c>self.key</c> where Python allows it.</summary>
    public static string Attribute(string key) =>
        IsPlainAttribute(key) ? $"self.{key}" : $"self._modules[{String(key)}]";

    /// <summary>Whether <c>self.key = ...</c> registers the submodule under exactly that key.</summary>
    public static bool IsPlainAttribute(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0]) && key[0] != '_' && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && !ReservedLocals.Contains(key) && !ModuleAttributes.Contains(key);

    public static string String(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A float literal; the same text as C#'s (<c>1.0</c>, <c>1E-05</c>), which Python reads too.</summary>
    public static string Number(double value) => CodeText.Number(value);

    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary>A Python tuple of integers (one element gets its comma).</summary>
    public static string Tuple(IEnumerable<long> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? $"({list[0].ToString(CultureInfo.InvariantCulture)},)" : $"({CodeText.Integers(list)})";
    }
}
