using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Percepti.Core.Tests.Architecture;

/// <summary>
/// Which types each type of Percepti.Core uses, read from its IL: signatures, attributes, locals and every
/// instruction operand (calls, field accesses, casts, allocations), so a dependency hidden in a method body
/// or a compiler-generated closure counts as much as one in a signature.
/// </summary>
internal static class LibraryIl
{
    private static readonly Lazy<IReadOnlyList<TypeUse>> Uses = new(Read);

    /// <summary>Every use of a type by a type of the library, attributed to the outermost declaring type.</summary>
    public static IReadOnlyList<TypeUse> All => Uses.Value;

    /// <summary>The layer (or infrastructure folder) of a namespace: the segment after <c>Percepti.Core.</c>.</summary>
    public static string? LayerOf(string @namespace) =>
        @namespace == "Percepti.Core" ? "Root"
        : @namespace.StartsWith("Percepti.Core.", StringComparison.Ordinal) ? @namespace["Percepti.Core.".Length..].Split('.')[0]
        : null;

    private static IReadOnlyList<TypeUse> Read()
    {
        using var module = ModuleDefinition.ReadModule(typeof(Percepti.Core.Graph.ModelGraph).Assembly.Location);
        var uses = new List<TypeUse>();
        foreach (var type in module.Types)
        {
            if (LayerOf(type.Namespace) is null)
            {
                continue; // <Module>, compiler-emitted helpers
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            Collect(type, reference => Add(reference));
            void Add(TypeReference reference)
            {
                foreach (var used in Unwrap(reference))
                {
                    var outer = Outermost(used);
                    string assembly = outer.Scope is ModuleDefinition ? "Percepti.Core" : outer.Scope.Name;
                    if (seen.Add(assembly + "|" + outer.FullName))
                    {
                        uses.Add(new TypeUse(type.FullName, type.Namespace, outer.FullName, outer.Namespace, assembly));
                    }
                }
            }
        }

        return uses;
    }

    private static void Collect(TypeDefinition type, Action<TypeReference> add)
    {
        if (type.BaseType is not null)
        {
            add(type.BaseType);
        }

        type.Interfaces.ToList().ForEach(i => add(i.InterfaceType));
        type.CustomAttributes.ToList().ForEach(a => add(a.AttributeType));
        type.GenericParameters.SelectMany(p => p.Constraints).ToList().ForEach(c => add(c.ConstraintType));
        type.Fields.ToList().ForEach(f => add(f.FieldType));
        type.Events.ToList().ForEach(e => add(e.EventType));
        type.Properties.ToList().ForEach(p => add(p.PropertyType));
        foreach (var method in type.Methods)
        {
            AddMethod(method, add);
            method.CustomAttributes.ToList().ForEach(a => add(a.AttributeType));
            if (!method.HasBody)
            {
                continue;
            }

            method.Body.Variables.ToList().ForEach(v => add(v.VariableType));
            method.Body.ExceptionHandlers.Where(h => h.CatchType is not null).ToList().ForEach(h => add(h.CatchType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: add(t); break;
                    case MethodReference m: AddMethod(m, add); break;
                    case FieldReference f: add(f.DeclaringType); add(f.FieldType); break;
                    case CallSite c: add(c.ReturnType); c.Parameters.ToList().ForEach(p => add(p.ParameterType)); break;
                }
            }
        }

        type.NestedTypes.ToList().ForEach(nested => Collect(nested, add));
    }

    private static void AddMethod(MethodReference method, Action<TypeReference> add)
    {
        add(method.DeclaringType);
        add(method.ReturnType);
        method.Parameters.ToList().ForEach(p => add(p.ParameterType));
        if (method is GenericInstanceMethod generic)
        {
            generic.GenericArguments.ToList().ForEach(add);
        }
    }

    private static IEnumerable<TypeReference> Unwrap(TypeReference reference)
    {
        switch (reference)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var inner in Unwrap(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Unwrap)))
                {
                    yield return inner;
                }

                yield break;
            case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                foreach (var inner in Unwrap(specification.ElementType))
                {
                    yield return inner;
                }

                yield break;
            default:
                yield return reference;
                yield break;
        }
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }
}

/// <summary>One type of the library using another type.</summary>
/// <param name="User">The using type's full name.</param>
/// <param name="UserNamespace">Its namespace.</param>
/// <param name="Used">The used type's full name.</param>
/// <param name="UsedNamespace">Its namespace.</param>
/// <param name="UsedAssembly">The used type's assembly (<c>Percepti.Core</c> for the library's own).</param>
internal sealed record TypeUse(string User, string UserNamespace, string Used, string UsedNamespace, string UsedAssembly);
