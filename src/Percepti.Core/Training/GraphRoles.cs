using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>
/// The roles training gives a graph's components, read from the graph alone (nothing is built): its Inputs, Targets
/// and loss heads in graph order, and what each head reads. <see cref="GraphModule"/> and the PyTorch export agree
/// through it on the order of the model's inputs and outputs.
/// </summary>
internal static class GraphRoles
{
    /// <summary>The Input components, in graph order (the order of a generated module's arguments).</summary>
    public static List<NodeId> Inputs(GraphAnalysis analysis) => Where(analysis, kind => kind.IsSource && kind.Name != "Target");

    /// <summary>The Target components, in graph order.</summary>
    public static List<NodeId> Targets(GraphAnalysis analysis) => Where(analysis, kind => kind.Name == "Target");

    /// <summary>The loss heads, in graph order.</summary>
    public static List<NodeId> Heads(GraphAnalysis analysis) => Where(analysis, kind => kind.IsHead);

    /// <summary>The component whose output a head scores, the target it compares with, and whether it classifies.</summary>
    public static (NodeId Prediction, NodeId Target, bool Classification) Wiring(ModelGraph graph, NodeId head)
    {
        bool classification = graph[head].Settings is ClassificationSettings;
        string predictionPort = classification ? ClassificationSettings.LogitsPort : RegressionSettings.PredictionPort;
        var inputs = graph.InputsOf(head).ToList();
        return (inputs.Single(c => c.To.Port == predictionPort).From.Node, inputs.Single(c => c.To.Port != predictionPort).From.Node, classification);
    }

    private static List<NodeId> Where(GraphAnalysis analysis, Func<ComponentKind, bool> role) =>
        [.. analysis.TopologicalOrder.Where(id => role(analysis.Nodes[id].Kind!))];
}
