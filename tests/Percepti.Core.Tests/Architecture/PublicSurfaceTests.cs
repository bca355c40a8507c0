using System.Reflection;

namespace Percepti.Core.Tests.Architecture;

/// <summary>What a host sees: managed data only where DESIGN.md promises it, and one root for every refusal.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Library = typeof(Percepti.Core.Graph.ModelGraph).Assembly;

    /// <summary>
    /// Training types that are explicit TorchSharp extension points (DESIGN.md: "access to the compiled module");
    /// every other public training type is a result, an event, options or an entry point, all tensor-free.
    /// </summary>
    private static readonly HashSet<Type> ExtensionPoints = [typeof(Percepti.Core.Training.GraphModule)];

    [Theory]
    [InlineData("Percepti.Core.Graph")]
    [InlineData("Percepti.Core.Preview")]
    [InlineData("Percepti.Core.Data")]
    [InlineData("Percepti.Core.Training")]
    public void No_public_member_mentions_a_TorchSharp_type(string @namespace)
    {
        var types = Library.GetExportedTypes().Where(t => t.Namespace == @namespace && !ExtensionPoints.Contains(t)).ToList();
        types.Should().NotBeEmpty();

        var mentions = types.SelectMany(t => Signatures(t).Where(s => s.Types.Any(IsTorchSharp)).Select(s => $"{t.Name}.{s.Member}")).ToList();

        mentions.Should().BeEmpty("UIs get managed data, never a tensor they would have to dispose");
    }

    [Fact]
    public void The_check_sees_a_tensor_in_a_signature()
    {
        // The extension point itself mentions tensors everywhere: the check must see them.
        Signatures(typeof(Percepti.Core.Training.GraphModule)).Where(s => s.Types.Any(IsTorchSharp)).Select(s => s.Member)
            .Should().Contain(["Run", "Loss", "(base)"]);
    }

    [Fact]
    public void Every_public_exception_derives_from_the_library_root()
    {
        var exceptions = Library.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Should().HaveCountGreaterThan(10);
        exceptions.Where(t => !typeof(PerceptiException).IsAssignableFrom(t)).Should().BeEmpty("a host catches everything Percepti.Core refused with one catch");
    }

    [Fact]
    public void No_public_type_uses_a_name_of_the_framework()
    {
        // Two usings (System.Data and Percepti.Core.Data) in one file must not make a name ambiguous.
        var framework = typeof(object).Assembly.GetExportedTypes()
            .Concat(typeof(System.Data.DataTable).Assembly.GetExportedTypes())
            .Where(t => t.Namespace is not null && t.Namespace.StartsWith("System", StringComparison.Ordinal))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

        Library.GetExportedTypes().Select(t => t.Name).Where(framework.Contains).Should().BeEmpty();
    }

    private static bool IsTorchSharp(Type type) => type.Assembly.GetName().Name?.StartsWith("TorchSharp", StringComparison.Ordinal) == true;

    /// <summary>Every public or protected member of a type with the types its signature mentions (generic arguments, arrays and by-refs unwrapped).</summary>
    private static IEnumerable<(string Member, IReadOnlyList<Type> Types)> Signatures(Type type)
    {
        const BindingFlags members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is not null)
        {
            yield return ("(base)", Expand(type.BaseType).ToList());
        }

        foreach (var member in type.GetMembers(members))
        {
            IEnumerable<Type>? mentioned = member switch
            {
                MethodInfo m when Visible(m) => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                ConstructorInfo c when Visible(c) => c.GetParameters().Select(p => p.ParameterType),
                PropertyInfo p when p.GetAccessors(nonPublic: true).Any(Visible) => [p.PropertyType],
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly => [f.FieldType],
                EventInfo e when e.AddMethod is { } add && Visible(add) => [e.EventHandlerType!],
                _ => null,
            };
            if (mentioned is not null)
            {
                yield return (member.Name, mentioned.SelectMany(Expand).ToList());
            }
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static IEnumerable<Type> Expand(Type type) =>
        type.HasElementType ? Expand(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Prepend(type.GetGenericTypeDefinition())
        : [type];
}
