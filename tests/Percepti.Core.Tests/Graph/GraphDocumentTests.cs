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

    [Fact]
    public void A_throwing_subscriber_neither_undoes_the_edit_nor_escapes_it_and_keeps_receiving()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var seenByThrowing = new List<long>();
        var seenByOther = new List<long>();
        using var throwing = document.Changes.Subscribe(c =>
        {
            seenByThrowing.Add(c.Version);
            throw new InvalidOperationException("a broken subscriber");
        });
        using var other = document.Changes.Subscribe(c => seenByOther.Add(c.Version));

        var edit = () => document.Move("dense_1", new NodePosition(1, 1));
        edit.Should().NotThrow("the edit committed; a subscriber's failure is logged, not thrown at the editor");
        document.Move("dense_1", new NodePosition(2, 2));

        document.Version.Should().Be(2);
        seenByThrowing.Should().Equal(1, 2);
        seenByOther.Should().Equal(1, 2);
    }

    [Fact]
    public void A_subscriber_that_edits_gets_its_change_after_the_one_it_handles_never_nested()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        int depth = 0, deepest = 0;
        var order = new List<long>();
        using var reacting = document.Changes.Subscribe(c =>
        {
            depth++;
            deepest = Math.Max(deepest, depth);
            order.Add(c.Version);
            if (c.Version == 1)
            {
                document.Move("dense_2", new NodePosition(9, 9));   // an edit made while handling version 1
            }

            depth--;
        });

        document.Move("dense_1", new NodePosition(1, 1));

        order.Should().Equal(1, 2);
        deepest.Should().Be(1, "version 2 is published after the handler of version 1 returned");
        document.Current[new NodeId("dense_2")].Position.Should().Be(new NodePosition(9, 9));
    }
}
