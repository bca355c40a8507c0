using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Components;

public sealed class LossTests
{
    [Fact]
    public void Weighted_cross_entropy_is_the_class_weighted_mean_of_the_row_losses()
    {
        var kind = ComponentCatalog.Default.Get("Classification");
        var settings = new ClassificationSettings(0) { ClassWeights = NumberList.Of(1, 3) };
        using var module = kind.Build(settings, [TensorShape.Of(2), TensorShape.Of(2)]);
        using var scope = NewDisposeScope();
        float[] logits = [2f, 0f, 0f, 1f, 1f, 1f];
        int[] labels = [0, 1, 0];
        var oneHot = tensor(new float[] { 1, 0, 0, 1, 1, 0 }).reshape(3, 2);
        float loss = module.call([tensor(logits).reshape(3, 2), oneHot]).item<float>();

        // By hand: row loss = -log softmax(logits)[label], weighted by the label's class weight.
        double weighted = 0, total = 0;
        for (int r = 0; r < 3; r++)
        {
            double a = logits[2 * r], b = logits[(2 * r) + 1];
            double logSum = Math.Log(Math.Exp(a) + Math.Exp(b));
            double rowLoss = logSum - (labels[r] == 0 ? a : b);
            double weight = labels[r] == 0 ? 1 : 3;
            weighted += weight * rowLoss;
            total += weight;
        }

        loss.Should().BeApproximately((float)(weighted / total), 1e-5f);
    }

    [Fact]
    public void Class_weights_must_match_the_classes_and_round_trip_as_json()
    {
        var graph = ModelGraph.Create("weighted", g => g.Classification(g.Input("x", TensorShape.Of(3)).Dense(3), g.Target("y", classes: 3), name: "head"))
            .UpdateSettings<ClassificationSettings>("head", s => s with { ClassWeights = NumberList.Of(1, 2) });
        graph.Validate().Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.ShapeMismatch).Which.Message.Should().Contain("2 class weights");

        var fixedGraph = graph.UpdateSettings<ClassificationSettings>("head", s => s with { ClassWeights = NumberList.Of(1, 2, 0.25) });
        GraphJson.Deserialize(GraphJson.Serialize(fixedGraph)).Should().Be(fixedGraph);
        var negative = fixedGraph.UpdateSettings<ClassificationSettings>("head", s => s with { ClassWeights = NumberList.Of(1, -2, 0.25) });
        negative.Validate().Should().Contain(d => d.Code == GraphDiagnosticCodes.InvalidSetting && d.Setting == "classWeights");
    }
}
