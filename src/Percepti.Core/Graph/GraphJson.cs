using System.Globalization;
using System.Text;
using System.Text.Json;
using Percepti.Core.Components;

namespace Percepti.Core.Graph;

/// <summary>
/// Reads and writes graphs as versioned JSON. Reading is strict and bounded: wrong types, unknown
/// kinds or settings, dangling connections, numbers out of range, deep nesting and truncation give a
/// <see cref="GraphJsonException"/> with the JSON path, and no partial graph. Kinds resolve through
/// a <see cref="ComponentCatalog"/> only; no type named in a file is ever instantiated.
/// </summary>
public static class GraphJson
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The largest document read, in characters.</summary>
    public const int MaxDocumentLength = 16 * 1024 * 1024;

    /// <summary>The most nodes a document may hold.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>The most connections a document may hold.</summary>
    public const int MaxConnections = 100_000;

    private const int MaxDepth = 16;
    private const int MaxListLength = 1_024;

    /// <summary>Writes a graph as indented JSON.</summary>
    /// <param name="graph">The graph.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(writer, graph);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a graph.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="catalog">Resolves kinds; <see cref="ComponentCatalog.Default"/> when null.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="GraphJsonException">The document is malformed; the message gives the path.</exception>
    public static ModelGraph Deserialize(string json, ComponentCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxDocumentLength)
        {
            throw Fail("$", $"the document is {json.Length} characters long; the limit is {MaxDocumentLength}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException exception)
        {
            throw new GraphJsonException($"Graph JSON is malformed at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {exception.Message}", exception)
            {
                JsonPath = exception.Path ?? "$",
                LineNumber = exception.LineNumber,
                BytePositionInLine = exception.BytePositionInLine,
            };
        }

        using (document)
        {
            return Read(document.RootElement, catalog ?? ComponentCatalog.Default);
        }
    }

    /// <summary>Writes a graph to a file atomically (a temporary file, then a rename).</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="path">The file.</param>
    public static void Save(ModelGraph graph, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json = Serialize(graph);
        IO.AtomicFile.Write(path, temporary => File.WriteAllText(temporary, json, new UTF8Encoding(false)));
    }

    /// <summary>Reads a graph from a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="catalog">Resolves kinds; <see cref="ComponentCatalog.Default"/> when null.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="GraphJsonException">The document is malformed or too large.</exception>
    public static ModelGraph Load(string path, ComponentCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxDocumentLength * 4L)
        {
            throw Fail("$", $"{path} is {info.Length} bytes; the limit is {MaxDocumentLength * 4L}");
        }

        try
        {
            return Deserialize(File.ReadAllText(path), catalog);
        }
        catch (GraphJsonException exception)
        {
            throw new GraphJsonException($"{path}: {exception.Message}", exception)
            {
                JsonPath = exception.JsonPath,
                LineNumber = exception.LineNumber,
                BytePositionInLine = exception.BytePositionInLine,
            };
        }
    }

    private static void Write(Utf8JsonWriter writer, ModelGraph graph)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("name", graph.Name);
        writer.WriteStartArray("nodes");
        foreach (var node in graph.Nodes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", node.Id.Value);
            writer.WriteString("kind", node.Kind);
            writer.WriteString("label", node.Label);
            writer.WriteStartObject("position");
            writer.WriteNumber("x", node.Position.X);
            writer.WriteNumber("y", node.Position.Y);
            writer.WriteEndObject();
            writer.WriteStartObject("settings");
            if (!graph.Catalog.TryGet(node.Kind, out var kind))
            {
                throw new InvalidOperationException($"Node '{node.Id}' has kind '{node.Kind}', which the graph's catalog does not know; its settings cannot be written.");
            }

            foreach (var descriptor in kind.Settings)
            {
                WriteValue(writer, descriptor.Name, descriptor.GetValue(node.Settings));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("connections");
        foreach (var connection in graph.Connections)
        {
            writer.WriteStartObject();
            WritePort(writer, "from", connection.From);
            WritePort(writer, "to", connection.To);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePort(Utf8JsonWriter writer, string name, PortReference port)
    {
        writer.WriteStartObject(name);
        writer.WriteString("node", port.Node.Value);
        writer.WriteString("port", port.Port);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case int integer:
                writer.WriteNumber(name, integer);
                break;
            case double number:
                writer.WriteNumber(name, number);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case IEnumerable<double> numbers:
                writer.WriteStartArray(name);
                foreach (double number in numbers)
                {
                    writer.WriteNumberValue(number);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<int> list:
                writer.WriteStartArray(name);
                foreach (int item in list)
                {
                    writer.WriteNumberValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Setting '{name}' has a value of type {value.GetType().Name}, which JSON cannot hold.");
        }
    }

    private static ModelGraph Read(JsonElement root, ComponentCatalog catalog)
    {
        var top = Properties(root, "$", required: ["schemaVersion", "name", "nodes", "connections"], optional: []);
        int version = ReadInt(top["schemaVersion"], "$.schemaVersion");
        if (version > SchemaVersion)
        {
            throw Fail("$.schemaVersion", $"schema version {version} was written by a newer Percepti.Core; this one reads up to {SchemaVersion}");
        }

        if (version < 1)
        {
            throw Fail("$.schemaVersion", $"schema version {version} is not valid; it starts at 1");
        }

        string name = ReadString(top["name"], "$.name", 256);
        var nodes = new List<GraphNode>();
        var ids = new HashSet<NodeId>();
        var nodeArray = ReadArray(top["nodes"], "$.nodes", MaxNodes);
        for (int i = 0; i < nodeArray.Count; i++)
        {
            var node = ReadNode(nodeArray[i], $"$.nodes[{i}]", catalog);
            if (!ids.Add(node.Id))
            {
                throw Fail($"$.nodes[{i}].id", $"node id '{node.Id}' is used twice");
            }

            nodes.Add(node);
        }

        var connections = new List<Connection>();
        var connectionArray = ReadArray(top["connections"], "$.connections", MaxConnections);
        for (int i = 0; i < connectionArray.Count; i++)
        {
            string path = $"$.connections[{i}]";
            var fields = Properties(connectionArray[i], path, required: ["from", "to"], optional: []);
            var from = ReadPort(fields["from"], path + ".from", ids);
            var to = ReadPort(fields["to"], path + ".to", ids);
            connections.Add(new Connection(from, to));
        }

        return ModelGraph.FromParts(name, nodes, connections, catalog);
    }

    private static GraphNode ReadNode(JsonElement element, string path, ComponentCatalog catalog)
    {
        var fields = Properties(element, path, required: ["id", "kind"], optional: ["label", "position", "settings"]);
        string idText = ReadString(fields["id"], path + ".id", NodeId.MaxLength * 4);
        string? problem = NodeId.Check(idText);
        if (problem is not null)
        {
            throw Fail(path + ".id", problem);
        }

        var id = new NodeId(idText);
        string kindName = ReadString(fields["kind"], path + ".kind", 64);
        if (!catalog.TryGet(kindName, out var kind))
        {
            throw Fail(path + ".kind", $"unknown component kind '{kindName}'; the catalog has {string.Join(", ", catalog.Kinds.Select(k => k.Name))}");
        }

        string label = fields.TryGetValue("label", out var labelElement) ? ReadString(labelElement, path + ".label", 256) : id.Value;
        var position = NodePosition.Origin;
        if (fields.TryGetValue("position", out var positionElement))
        {
            var xy = Properties(positionElement, path + ".position", required: ["x", "y"], optional: []);
            position = new NodePosition(ReadCoordinate(xy["x"], path + ".position.x"), ReadCoordinate(xy["y"], path + ".position.y"));
        }

        var settings = kind.DefaultSettings;
        if (fields.TryGetValue("settings", out var settingsElement))
        {
            var values = Properties(settingsElement, path + ".settings", required: [], optional: [.. kind.Settings.Select(s => s.Name)]);
            foreach (var (settingName, value) in values)
            {
                string settingPath = $"{path}.settings.{settingName}";
                var descriptor = kind.FindSetting(settingName)!;
                object parsed = descriptor.ValueKind switch
                {
                    SettingValueKind.Integer => ReadInt(value, settingPath),
                    SettingValueKind.Number => ReadDouble(value, settingPath),
                    SettingValueKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? value.GetBoolean()
                        : throw Fail(settingPath, $"expected true or false, found {Describe(value)}"),
                    SettingValueKind.IntegerList => ReadArray(value, settingPath, MaxListLength).Select((e, j) => ReadInt(e, $"{settingPath}[{j}]")).ToArray(),
                    SettingValueKind.NumberList => ReadArray(value, settingPath, MaxListLength).Select((e, j) => ReadDouble(e, $"{settingPath}[{j}]")).ToArray(),
                    _ => ReadString(value, settingPath, 4_096),
                };
                try
                {
                    settings = descriptor.WithValue(settings, parsed);
                }
                catch (ArgumentException exception)
                {
                    throw new GraphJsonException($"Graph JSON at {settingPath}: {exception.Message}", exception) { JsonPath = settingPath };
                }
            }
        }

        return new GraphNode(id, kind.Name, settings, label, position);
    }

    private static PortReference ReadPort(JsonElement element, string path, HashSet<NodeId> ids)
    {
        var fields = Properties(element, path, required: ["node", "port"], optional: []);
        string node = ReadString(fields["node"], path + ".node", NodeId.MaxLength * 4);
        if (NodeId.Check(node) is not null || !ids.Contains(new NodeId(node)))
        {
            throw Fail(path + ".node", $"the connection names node '{node}', which is not in the graph");
        }

        string port = ReadString(fields["port"], path + ".port", 64);
        return new PortReference(new NodeId(node), port);
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement element, string path, string[] required, string[] optional)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, $"expected an object, found {Describe(element)}");
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!required.Contains(property.Name) && !optional.Contains(property.Name))
            {
                var allowed = required.Concat(optional).ToList();
                throw Fail($"{path}.{property.Name}", $"unexpected property '{property.Name}'{(allowed.Count > 0 ? $"; expected {string.Join(", ", allowed)}" : string.Empty)}");
            }

            if (!result.TryAdd(property.Name, property.Value))
            {
                throw Fail($"{path}.{property.Name}", $"property '{property.Name}' appears twice");
            }
        }

        foreach (string name in required)
        {
            if (!result.ContainsKey(name))
            {
                throw Fail(path, $"required property '{name}' is missing");
            }
        }

        return result;
    }

    private static List<JsonElement> ReadArray(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fail(path, $"expected an array, found {Describe(element)}");
        }

        int length = element.GetArrayLength();
        if (length > maxLength)
        {
            throw Fail(path, $"the array has {length} items; the limit is {maxLength}");
        }

        return [.. element.EnumerateArray()];
    }

    private static string ReadString(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Fail(path, $"expected a string, found {Describe(element)}");
        }

        string text = element.GetString()!;
        if (text.Length > maxLength)
        {
            throw Fail(path, $"the text is {text.Length} characters long; the limit is {maxLength}");
        }

        return text;
    }

    private static int ReadInt(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Fail(path, $"expected a whole number, found {Describe(element)}");
        }

        if (!element.TryGetInt32(out int value))
        {
            throw Fail(path, $"{Truncate(element.GetRawText())} is not a whole number between {int.MinValue} and {int.MaxValue}");
        }

        return value;
    }

    private static double ReadDouble(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Fail(path, $"expected a number, found {Describe(element)}");
        }

        if (!element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw Fail(path, $"{Truncate(element.GetRawText())} is not a finite number");
        }

        return value;
    }

    private static double ReadCoordinate(JsonElement element, string path)
    {
        double value = ReadDouble(element, path);
        return Math.Abs(value) <= 1e9 ? value : throw Fail(path, $"coordinate {value.ToString(CultureInfo.InvariantCulture)} is outside ±1e9");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static GraphJsonException Fail(string path, string message) => new($"Graph JSON at {path}: {message}.") { JsonPath = path };
}
