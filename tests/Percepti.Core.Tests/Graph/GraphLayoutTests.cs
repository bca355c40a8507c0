using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Graph;

public sealed class GraphLayoutTests
{
    [Theory]
    [InlineData("cnn")]
    [InlineData("residual")]
    public void Fluent_graphs_are_laid_out_left_to_right_without_overlap(string which)
    {
        var graph = which == "cnn" ? SeedGraphs.FashionCnn() : SeedGraphs.Residual();
        var options = new LayoutOptions();

        foreach (var connection in graph.Connections)
        {
            graph[connection.From.Node].Position.X.Should().BeLessThan(graph[connection.To.Node].Position.X, connection.ToString());
        }

        var boxes = graph.Nodes.Select(n => (n.Id, n.Position)).ToList();
        for (int i = 0; i < boxes.Count; i++)
        {
            for (int j = i + 1; j < boxes.Count; j++)
            {
                bool overlap = Math.Abs(boxes[i].Position.X - boxes[j].Position.X) < options.NodeWidth
                    && Math.Abs(boxes[i].Position.Y - boxes[j].Position.Y) < options.NodeHeight;
                overlap.Should().BeFalse($"{boxes[i].Id} and {boxes[j].Id} overlap");
            }
        }
    }

    [Fact]
    public void Depth_is_the_longest_path_from_a_source()
    {
        var graph = SeedGraphs.Residual();
        var options = new LayoutOptions();
        double column = options.NodeWidth + options.HorizontalGap;

        graph["image"].Position.X.Should().Be(0);
        graph["label"].Position.X.Should().Be(0);
        graph["conv2d_1"].Position.X.Should().Be(column);
        graph["add_1"].Position.X.Should().Be(4 * column, "the add waits for the two-convolution branch");
    }

    [Fact]
    public void Layout_depends_on_the_graph_only_not_on_where_the_nodes_were()
    {
        var arranged = SeedGraphs.Residual();
        ModelGraph Scrambled(int seed)
        {
            var random = new Random(seed);
            return arranged.Nodes.Aggregate(arranged, (g, n) => g.Move(n.Id, new NodePosition(random.Next(-500, 500), random.Next(-500, 500))));
        }

        var first = Scrambled(1);
        var second = Scrambled(2);
        first.Should().NotBe(second, "the two copies start from different positions");
        GraphLayout.Arrange(first).Should().Be(GraphLayout.Arrange(second));
        GraphLayout.Arrange(first).Should().Be(arranged, "the same layout as ModelGraph.Create gives");
    }
}
