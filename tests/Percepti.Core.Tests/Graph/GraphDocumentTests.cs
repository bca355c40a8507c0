using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Graph;

public sealed class GraphDocumentTests
{
    [Fact]
    public void Undo_and_redo_walk_the_versions_and_publish_every_change_in_order()
    {
        var start = SeedGraphs.FashionCnn();
        using var document = new GraphDocument(start);
        var changes = new List<GraphChange>();
        using var subscription = document.Changes.Subscribe(changes.Add);

        document.UpdateSettings<ConvolutionSettings>("conv2d_1", s => s with { Filters = 16 });
        var afterEdit = document.Current;
        document.Move("dense_1", new NodePosition(5, 5));
        document.Undo().Should().BeTrue();
        document.Undo().Should().BeTrue();
        document.Current.Should().Be(start);
        document.CanUndo.Should().BeFalse();
        document.Undo().Should().BeFalse();
        document.Redo().Should().BeTrue();
        document.Current.Should().Be(afterEdit);

        changes.Select(c => c.Version).Should().Equal(1, 2, 3, 4, 5);
        changes.Select(c => c.Kind).Should().Equal(GraphChangeKind.Edit, GraphChangeKind.Edit, GraphChangeKind.Undo, GraphChangeKind.Undo, GraphChangeKind.Redo);
        changes[^1].Current.Should().BeSameAs(document.Current);
        document.Version.Should().Be(5);
    }

    [Fact]
    public void A_new_edit_clears_the_redo_stack()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        document.Rename("dense_1", "a");
        document.Undo();
        document.Rename("dense_1", "b");
        document.CanRedo.Should().BeFalse();
        document.Redo().Should().BeFalse();
    }

    [Fact]
    public void A_rejected_edit_leaves_the_document_unchanged_and_publishes_nothing()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var before = document.Current;
        int published = 0;
        using var subscription = document.Changes.Subscribe(_ => published++);

        var act = () => document.Connect("dense_2", "output", "conv2d_1", "input");

        act.Should().Throw<GraphEditException>();
        document.Current.Should().BeSameAs(before);
        document.Version.Should().Be(0);
        document.CanUndo.Should().BeFalse();
        published.Should().Be(0);
    }

    [Fact]
    public void An_edit_that_changes_nothing_is_not_a_version()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = 64 });
        document.Version.Should().Be(0);
    }

    [Fact]
    public void Adding_a_node_through_the_document_returns_its_fresh_id()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var id = document.AddNode("Dropout");
        id.Value.Should().Be("dropout_1");
        document.Current[id].Settings.Should().Be(new DropoutSettings(0.5));
    }

    [Fact]
    public void Concurrent_edits_are_serialized_into_distinct_versions()
    {
        using var document = new GraphDocument(ModelGraph.Empty("g"));
        var versions = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var subscription = document.Changes.Subscribe(c => versions.Add(c.Version));

        Parallel.For(0, 200, i => document.AddNode("Dense", $"d{i}"));

        document.Current.Nodes.Should().HaveCount(200);
        versions.Should().OnlyHaveUniqueItems().And.HaveCount(200);
    }
}
