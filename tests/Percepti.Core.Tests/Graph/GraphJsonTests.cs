using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Graph;

public sealed class GraphJsonTests
{
    [Fact]
    public void Save_then_load_gives_an_equal_graph_with_ids_positions_labels_and_settings()
    {
        var graph = SeedGraphs.Residual()
            .Rename("image", "Image (RGB)")
            .Move("label", new NodePosition(12.125, -3.5e-7))
            .UpdateSettings<ClassificationSettings>("classification_1", s => s with { LabelSmoothing = 0.1 + 0.2 });

        string json = GraphJson.Serialize(graph);
        var loaded = GraphJson.Deserialize(json);

        loaded.Should().Be(graph);
        loaded.Nodes.Select(n => n.Id).Should().Equal(graph.Nodes.Select(n => n.Id));
        loaded["label"].Position.Should().Be(new NodePosition(12.125, -3.5e-7));
        ((ClassificationSettings)loaded["classification_1"].Settings).LabelSmoothing.Should().Be(0.1 + 0.2);
        GraphJson.Serialize(loaded).Should().Be(json);
        json.Should().Contain("\"schemaVersion\": 1");
    }

    [Fact]
    public void A_fluent_graph_and_the_same_graph_written_as_json_by_hand_are_equal()
    {
        string json = """
        {
          "schemaVersion": 1,
          "name": "tiny",
          "nodes": [
            { "id": "x", "kind": "Input", "label": "x", "position": { "x": 0, "y": 0 }, "settings": { "shape": [4] } },
            { "id": "dense_1", "kind": "Dense", "label": "dense_1", "position": { "x": 240, "y": 0 }, "settings": { "units": 3, "activation": "ReLU" } }
          ],
          "connections": [ { "from": { "node": "x", "port": "output" }, "to": { "node": "dense_1", "port": "input" } } ]
        }
        """;
        var fluent = ModelGraph.Create("tiny", g => g.Input("x", TensorShape.Of(4)).Dense(3, Activation.ReLU));
        GraphJson.Deserialize(json).Should().Be(fluent);
    }

    [Fact]
    public void Save_is_atomic_and_leaves_no_temporary_file()
    {
        string directory = Directory.CreateTempSubdirectory("percepti-json").FullName;
        try
        {
            string path = Path.Combine(directory, "model.graph.json");
            File.WriteAllText(path, "old content");
            GraphJson.Save(SeedGraphs.FashionCnn(), path);
            GraphJson.Load(path).Should().Be(SeedGraphs.FashionCnn());
            Directory.GetFiles(directory).Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_custom_kind_round_trips_through_its_own_catalog_only()
    {
        var catalog = ComponentCatalog.CreateDefault();
        catalog.Register(new ScaleComponent());
        var graph = ModelGraph.Create("custom", g => g.Input("x", TensorShape.Of(3)).Then("Scale", new ScaleSettings(2.5)), catalog);

        var loaded = GraphJson.Deserialize(GraphJson.Serialize(graph), catalog);
        loaded.Should().Be(graph);

        var act = () => GraphJson.Deserialize(GraphJson.Serialize(graph));
        act.Should().Throw<GraphJsonException>().Which.JsonPath.Should().Be("$.nodes[1].kind");
    }

    public static TheoryData<string, string> MalformedDocuments()
    {
        const string node = """{ "id": "x", "kind": "Input", "settings": { "shape": [4] } }""";
        const string dense = """{ "id": "d", "kind": "Dense" }""";
        const string link = """{ "from": { "node": "x", "port": "output" }, "to": { "node": "d", "port": "input" } }""";
        static string Doc(string nodes = node + ", " + dense, string connections = link, string extra = "") =>
            $$"""{ "schemaVersion": 1, "name": "g", "nodes": [ {{nodes}} ], "connections": [ {{connections}} ] {{extra}} }""";
        static string WithDense(string settings) => Doc(nodes: node + """, { "id": "d", "kind": "Dense", "settings": { """ + settings + " } }");

        var deep = new string('[', 5000) + new string(']', 5000);
        var data = new TheoryData<string, string>
        {
            { "empty", string.Empty },
            { "whitespace", "   " },
            { "null literal", "null" },
            { "array root", "[]" },
            { "string root", "\"graph\"" },
            { "number root", "42" },
            { "truncated", Doc()[..40] },
            { "truncated at end", Doc()[..^2] },
            { "trailing comma", Doc().Replace("] }", "], }", StringComparison.Ordinal) },
            { "comment", "// hi\n" + Doc() },
            { "single quotes", Doc().Replace("\"name\": \"g\"", "'name': 'g'", StringComparison.Ordinal) },
            { "deep nesting", deep },
            { "deep nesting in settings", WithDense("\"units\": " + new string('[', 100) + new string(']', 100)) },
            { "missing schemaVersion", """{ "name": "g", "nodes": [], "connections": [] }""" },
            { "schemaVersion string", """{ "schemaVersion": "1", "name": "g", "nodes": [], "connections": [] }""" },
            { "schemaVersion future", """{ "schemaVersion": 99, "name": "g", "nodes": [], "connections": [] }""" },
            { "schemaVersion zero", """{ "schemaVersion": 0, "name": "g", "nodes": [], "connections": [] }""" },
            { "schemaVersion fraction", """{ "schemaVersion": 1.5, "name": "g", "nodes": [], "connections": [] }""" },
            { "schemaVersion huge", """{ "schemaVersion": 1e400, "name": "g", "nodes": [], "connections": [] }""" },
            { "missing name", """{ "schemaVersion": 1, "nodes": [], "connections": [] }""" },
            { "name number", """{ "schemaVersion": 1, "name": 5, "nodes": [], "connections": [] }""" },
            { "missing nodes", """{ "schemaVersion": 1, "name": "g", "connections": [] }""" },
            { "nodes object", """{ "schemaVersion": 1, "name": "g", "nodes": {}, "connections": [] }""" },
            { "missing connections", """{ "schemaVersion": 1, "name": "g", "nodes": [] }""" },
            { "connections null", """{ "schemaVersion": 1, "name": "g", "nodes": [], "connections": null }""" },
            { "unknown top-level property", Doc(extra: ", \"$type\": \"System.IO.FileInfo\"") },
            { "duplicate top-level property", Doc(extra: ", \"name\": \"again\"") },
            { "node not an object", Doc(nodes: "42") },
            { "node missing id", Doc(nodes: """{ "kind": "Input" }""", connections: string.Empty) },
            { "node id empty", Doc(nodes: """{ "id": "", "kind": "Input" }""", connections: string.Empty) },
            { "node id with slash", Doc(nodes: """{ "id": "../etc", "kind": "Input" }""", connections: string.Empty) },
            { "node id too long", Doc(nodes: $$"""{ "id": "{{new string('a', 65)}}", "kind": "Input" }""", connections: string.Empty) },
            { "node id number", Doc(nodes: """{ "id": 7, "kind": "Input" }""", connections: string.Empty) },
            { "duplicate node id", Doc(nodes: node + ", " + node, connections: string.Empty) },
            { "node missing kind", Doc(nodes: """{ "id": "x" }""", connections: string.Empty) },
            { "unknown kind", Doc(nodes: """{ "id": "x", "kind": "Telnet" }""", connections: string.Empty) },
            { "kind is a CLR type name", Doc(nodes: """{ "id": "x", "kind": "System.Diagnostics.Process, System" }""", connections: string.Empty) },
            { "kind with wrong case", Doc(nodes: """{ "id": "x", "kind": "dense" }""", connections: string.Empty) },
            { "unknown node property", Doc(nodes: """{ "id": "x", "kind": "Input", "type": "Evil" }""", connections: string.Empty) },
            { "label number", Doc(nodes: """{ "id": "x", "kind": "Input", "label": 1 }""", connections: string.Empty) },
            { "position string", Doc(nodes: """{ "id": "x", "kind": "Input", "position": "0,0" }""", connections: string.Empty) },
            { "position missing y", Doc(nodes: """{ "id": "x", "kind": "Input", "position": { "x": 1 } }""", connections: string.Empty) },
            { "position huge", Doc(nodes: """{ "id": "x", "kind": "Input", "position": { "x": 1e300, "y": 0 } }""", connections: string.Empty) },
            { "position overflow", Doc(nodes: """{ "id": "x", "kind": "Input", "position": { "x": 1e400, "y": 0 } }""", connections: string.Empty) },
            { "settings array", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": [] }""", connections: string.Empty) },
            { "unknown setting", WithDense("\"unitz\": 3") },
            { "duplicate setting", WithDense("\"units\": 3, \"units\": 4") },
            { "units string", WithDense("\"units\": \"64\"") },
            { "units fraction", WithDense("\"units\": 6.5") },
            { "units huge", WithDense("\"units\": 99999999999999999999") },
            { "units exponent", WithDense("\"units\": 1e10") },
            { "units null", WithDense("\"units\": null") },
            { "activation unknown", WithDense("\"activation\": \"Swish9000\"") },
            { "activation numeric string", WithDense("\"activation\": \"3\"") },
            { "activation number", WithDense("\"activation\": 1") },
            { "activation combined flags", WithDense("\"activation\": \"ReLU, Tanh\"") },
            { "useBias string", WithDense("\"useBias\": \"true\"") },
            { "useBias number", WithDense("\"useBias\": 1") },
            { "input shape not array", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": 4 } }""", connections: string.Empty) },
            { "input shape zero", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": [0, 4] } }""", connections: string.Empty) },
            { "input shape negative", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": [-1] } }""", connections: string.Empty) },
            { "input shape overflowing", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": [65536, 65536, 65536] } }""", connections: string.Empty) },
            { "input shape strings", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": ["4"] } }""", connections: string.Empty) },
            { "input shape too long", Doc(nodes: """{ "id": "x", "kind": "Input", "settings": { "shape": [1,1,1,1,1,1,1,1,1] } }""", connections: string.Empty) },
            { "dropout NaN literal", Doc(nodes: """{ "id": "x", "kind": "Dropout", "settings": { "rate": NaN } }""", connections: string.Empty) },
            { "dropout rate string", Doc(nodes: """{ "id": "x", "kind": "Dropout", "settings": { "rate": "0.5" } }""", connections: string.Empty) },
            { "connection not object", Doc(connections: "\"x->d\"") },
            { "connection missing to", Doc(connections: """{ "from": { "node": "x", "port": "output" } }""") },
            { "connection dangling target", Doc(connections: """{ "from": { "node": "x", "port": "output" }, "to": { "node": "ghost", "port": "input" } }""") },
            { "connection dangling source", Doc(connections: """{ "from": { "node": "ghost", "port": "output" }, "to": { "node": "d", "port": "input" } }""") },
            { "connection node number", Doc(connections: """{ "from": { "node": 1, "port": "output" }, "to": { "node": "d", "port": "input" } }""") },
            { "connection port missing", Doc(connections: """{ "from": { "node": "x" }, "to": { "node": "d", "port": "input" } }""") },
            { "connection extra property", Doc(connections: """{ "from": { "node": "x", "port": "output" }, "to": { "node": "d", "port": "input" }, "weight": 1 }""") },
            { "invalid utf8 escape", Doc().Replace("\"g\"", "\"\\uZZZZ\"", StringComparison.Ordinal) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void Malformed_or_hostile_json_gives_a_typed_exception_with_a_path(string name, string json)
    {
        var act = () => GraphJson.Deserialize(json);
        var exception = act.Should().Throw<GraphJsonException>(name).Which;
        exception.JsonPath.Should().StartWith("$", name);
        exception.Message.Should().StartWith("Graph JSON", name);
    }

    [Fact]
    public void A_document_larger_than_the_limit_is_refused_before_parsing()
    {
        string huge = new(' ', GraphJson.MaxDocumentLength + 1);
        var act = () => GraphJson.Deserialize(huge);
        act.Should().Throw<GraphJsonException>().WithMessage("*limit*");
    }

    [Fact]
    public void Too_many_nodes_are_refused()
    {
        string nodes = string.Join(", ", Enumerable.Range(0, GraphJson.MaxNodes + 1).Select(i => $$"""{ "id": "n{{i}}", "kind": "Flatten" }"""));
        var act = () => GraphJson.Deserialize($$"""{ "schemaVersion": 1, "name": "g", "nodes": [ {{nodes}} ], "connections": [] }""");
        act.Should().Throw<GraphJsonException>().Which.JsonPath.Should().Be("$.nodes");
    }

    [Fact]
    public void Loading_a_missing_or_corrupt_file_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"percepti-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"schemaVersion\": 1, ");
        try
        {
            var act = () => GraphJson.Load(path);
            act.Should().Throw<GraphJsonException>().WithMessage($"{path}*");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
