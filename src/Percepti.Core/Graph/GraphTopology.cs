namespace Percepti.Core.Graph;

/// <summary>Reachability, ordering and cycles over a graph's connections.</summary>
internal static class GraphTopology
{
    /// <summary>A path of nodes from <paramref name="start"/> to <paramref name="goal"/> along connections, or null.</summary>
    public static List<NodeId>? FindPath(ModelGraph graph, NodeId start, NodeId goal)
    {
        var successors = Successors(graph);
        var parent = new Dictionary<NodeId, NodeId> { [start] = start };
        var stack = new Stack<NodeId>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node == goal)
            {
                var path = new List<NodeId> { goal };
                while (path[^1] != start)
                {
                    path.Add(parent[path[^1]]);
                }

                path.Reverse();
                return path;
            }

            foreach (var next in successors.GetValueOrDefault(node, []))
            {
                if (parent.TryAdd(next, node))
                {
                    stack.Push(next);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Kahn's order of the nodes that are not on or behind a cycle; ties keep insertion order so the
    /// order is stable across runs.
    /// </summary>
    public static List<NodeId> TopologicalOrder(ModelGraph graph, out HashSet<NodeId> unordered)
    {
        var successors = Successors(graph);
        var inDegree = graph.Nodes.ToDictionary(n => n.Id, _ => 0);
        foreach (var (from, targets) in successors)
        {
            // Count distinct predecessors: two wires from one node (x + x) are one dependency.
            foreach (var to in targets)
            {
                if (inDegree.TryGetValue(to, out int degree) && inDegree.ContainsKey(from))
                {
                    inDegree[to] = degree + 1;
                }
            }
        }

        var position = graph.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var ready = new PriorityQueue<NodeId, int>();
        foreach (var node in graph.Nodes.Where(n => inDegree[n.Id] == 0))
        {
            ready.Enqueue(node.Id, position[node.Id]);
        }

        var order = new List<NodeId>(graph.Nodes.Count);
        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(node);
            foreach (var next in successors.GetValueOrDefault(node, []))
            {
                if (--inDegree[next] == 0)
                {
                    ready.Enqueue(next, position[next]);
                }
            }
        }

        unordered = [.. graph.Nodes.Select(n => n.Id).Except(order)];
        return order;
    }

    /// <summary>The strongly connected components with more than one node, or a self-loop: the graph's cycles.</summary>
    public static List<List<NodeId>> Cycles(ModelGraph graph)
    {
        var successors = Successors(graph);
        var index = new Dictionary<NodeId, int>();
        var low = new Dictionary<NodeId, int>();
        var onStack = new HashSet<NodeId>();
        var stack = new Stack<NodeId>();
        var result = new List<List<NodeId>>();
        int counter = 0;

        // Iterative Tarjan: hostile graphs may be deep enough to overflow a recursive one.
        foreach (var root in graph.Nodes.Select(n => n.Id))
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(NodeId Node, IEnumerator<NodeId> Next)>();
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            work.Push((root, successors.GetValueOrDefault(root, []).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var child = next.Current;
                    if (!index.TryGetValue(child, out int childIndex))
                    {
                        index[child] = low[child] = counter++;
                        stack.Push(child);
                        onStack.Add(child);
                        work.Push((child, successors.GetValueOrDefault(child, []).GetEnumerator()));
                    }
                    else if (onStack.Contains(child))
                    {
                        low[node] = Math.Min(low[node], childIndex);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<NodeId>();
                    NodeId member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);

                    bool selfLoop = component.Count == 1 && successors.GetValueOrDefault(node, []).Contains(node);
                    if (component.Count > 1 || selfLoop)
                    {
                        component.Reverse();
                        result.Add(component);
                    }
                }
            }
        }

        return result;
    }

    private static Dictionary<NodeId, List<NodeId>> Successors(ModelGraph graph)
    {
        var result = new Dictionary<NodeId, List<NodeId>>();
        foreach (var connection in graph.Connections)
        {
            if (!result.TryGetValue(connection.From.Node, out var list))
            {
                list = [];
                result[connection.From.Node] = list;
            }

            if (!list.Contains(connection.To.Node))
            {
                list.Add(connection.To.Node);
            }
        }

        return result;
    }
}
