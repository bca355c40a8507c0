using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Hands the built-in kinds to the Graph layer's catalog, which cannot name them (layers depend only downward).</summary>
internal static class BuiltInRegistration
{
    /// <summary>Runs once when the assembly loads, before any of its code; it only stores a factory, no kind is created here.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "It wires the library's own layers (Components into Graph's default catalog) and does nothing observable: it stores a delegate.")]
    internal static void Register() => ComponentCatalog.BuiltInKinds = BuiltInComponents.All;
}
