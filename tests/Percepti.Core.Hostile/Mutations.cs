using System.Text;
using System.Text.RegularExpressions;

namespace Percepti.Core.Hostile;

/// <summary>Seeded damage to text and bytes: truncation, flips, huge and overflowing numbers, type swaps, bombs.</summary>
internal static partial class Mutations
{
    private static readonly string[] Numbers =
    [
        "0", "-1", "1.5", "65536", "1048576", "2147483647", "2147483648", "-2147483648", "4294967296",
        "99999999999999999999", "1e308", "-1e308", "1e-320", "3.4e38", "16777217",
    ];

    private static readonly string[] Values =
    [
        "null", "true", "[]", "{}", "\"\"", "\"x\"", "[1, 2]", "{\"a\": 1}", "\"dense.1\"", "\"a/b\"", "\"Shell\"",
        "\"" + new string('a', 5000) + "\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
    ];

    /// <summary>One or two mutations of a JSON document, and a short name for them.</summary>
    public static (string Text, string Name) Json(string json, Random random)
    {
        // Mostly mutations that keep the JSON well formed (they reach validation, compilation and a forward
        // pass); some that break it (they test the reader).
        int count = random.Next(10) < 7 ? 1 : 2;
        var names = new List<string>();
        for (int i = 0; i < count; i++)
        {
            (json, string name) = random.Next(10) switch
            {
                0 => (json[..random.Next(json.Length)], "truncate"),
                1 => (Flip(json, random), "flip"),
                2 or 3 or 4 or 5 => (Replace(NumberPattern(), json, random, () => Numbers[random.Next(Numbers.Length)]), "number"),
                6 => (Replace(StringPattern(), json, random, () => Values[random.Next(Values.Length)]), "string"),
                7 => (Replace(NumberPattern(), json, random, () => Values[random.Next(Values.Length)]), "type"),
                8 => (random.Next(2) == 0 ? DuplicateNode(json, random) : DeleteProperty(json, random), "structure"),
                _ => (Replace(StringPattern(), json, random, () => "\"" + RandomId(random) + "\""), "id"),
            };
            names.Add(name);
        }

        return (json, string.Join("+", names));
    }

    /// <summary>One or two mutations of a binary file.</summary>
    public static (byte[] Bytes, string Name) Bytes(byte[] bytes, Random random, int headerBytes)
    {
        bytes = [.. bytes];
        switch (random.Next(5))
        {
            case 0:
                return (bytes[..random.Next(bytes.Length)], "truncate");
            case 1:
                for (int i = random.Next(1, 8); i > 0 && bytes.Length > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return (bytes, "flip");
            case 2:
                // A header field set to an extreme value.
                if (bytes.Length >= 4)
                {
                    int at = random.Next(Math.Max(1, Math.Min(headerBytes, bytes.Length) - 3));
                    byte[] extreme = random.Next(3) switch { 0 => [0xFF, 0xFF, 0xFF, 0xFF], 1 => [0x7F, 0xFF, 0xFF, 0xF8], _ => [0, 0, 0, 0] };
                    extreme.CopyTo(bytes, at);
                }

                return (bytes, "header");
            case 3:
                return ([.. bytes, .. new byte[random.Next(1, 4096)]], "trailing");
            default:
                int cut = random.Next(bytes.Length);
                return ([.. bytes[..cut], .. bytes[Math.Min(bytes.Length, cut + random.Next(1, 64))..]], "splice");
        }
    }

    /// <summary>One mutation of a text file (CSV).</summary>
    public static (string Text, string Name) Text(string text, Random random) => random.Next(5) switch
    {
        0 => (text[..random.Next(text.Length)], "truncate"),
        1 => (Flip(text, random), "flip"),
        2 => (text.Insert(random.Next(text.Length), "\""), "quote"),
        3 => (text.Insert(random.Next(text.Length), random.Next(2) == 0 ? "," : "\n"), "field"),
        _ => (Replace(NumberPattern(), text, random, () => Numbers[random.Next(Numbers.Length)]), "number"),
    };

    private static string Flip(string text, Random random)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        builder[random.Next(text.Length)] = (char)random.Next(0, 128);
        return builder.ToString();
    }

    private static string Replace(Regex pattern, string text, Random random, Func<string> value)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        return string.Concat(text.AsSpan(0, match.Index), value(), text.AsSpan(match.Index + match.Length));
    }

    private static string DuplicateNode(string json, Random random)
    {
        var matches = NodePattern().Matches(json);
        if (matches.Count == 0)
        {
            return json;
        }

        var node = matches[random.Next(matches.Count)];
        return json.Insert(node.Index, node.Value + ",");
    }

    private static string DeleteProperty(string json, Random random)
    {
        var matches = PropertyPattern().Matches(json);
        if (matches.Count == 0)
        {
            return json;
        }

        var match = matches[random.Next(matches.Count)];
        return json.Remove(match.Index, match.Length);
    }

    private static string RandomId(Random random)
    {
        const string characters = "ab_.-1";
        return new string([.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => characters[random.Next(characters.Length)])]);
    }

    // JSON number tokens only (after ':', '[' or ','), not digits inside ids such as conv2d_1.
    [GeneratedRegex(@"(?<=[:\[,]\s*)-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("\"[^\"\\\\]*\"")]
    private static partial Regex StringPattern();

    [GeneratedRegex(@"\{\s*""id""[^{}]*(\{[^{}]*\}[^{}]*)*\}")]
    private static partial Regex NodePattern();

    [GeneratedRegex(@"""\w+""\s*:\s*(""[^""]*""|-?[\d.eE+-]+|true|false|null),?")]
    private static partial Regex PropertyPattern();
}
