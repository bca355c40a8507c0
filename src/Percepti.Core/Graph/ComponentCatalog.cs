using System.Collections.Immutable;

namespace Percepti.Core.Graph;

/// <summary>
/// The component kinds a graph can use, by name. JSON resolves kinds only through a catalog, so
/// loading a file never instantiates a type the file names. Thread-safe; kinds can be added, never removed.
/// </summary>
public sealed class ComponentCatalog
{
    private ImmutableDictionary<string, ComponentKind> _kinds = ImmutableDictionary.Create<string, ComponentKind>(StringComparer.Ordinal);
    private ImmutableList<ComponentKind> _ordered = [];
    private readonly Lock _gate = new();

    private ComponentCatalog()
    {
    }

    private static readonly Lazy<ComponentCatalog> SharedDefault = new(CreateDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared catalog with every built-in kind; applications may register more.</summary>
    public static ComponentCatalog Default => SharedDefault.Value;

    /// <summary>
    /// The built-in kinds. They live in the Components layer, below this one, which hands them over when the
    /// assembly loads (a module initializer runs before any code of the assembly), so Graph never names a kind.
    /// </summary>
    internal static Func<IEnumerable<ComponentKind>> BuiltInKinds { get; set; } =
        () => throw new InvalidOperationException("The built-in component kinds were not registered; the Components layer registers them when Percepti.Core loads.");

    /// <summary>Every kind, in registration order.</summary>
    public IReadOnlyList<ComponentKind> Kinds => _ordered;

    /// <summary>Creates a catalog with the built-in kinds, independent of <see cref="Default"/>.</summary>
    /// <returns>The new catalog.</returns>
    public static ComponentCatalog CreateDefault()
    {
        var catalog = new ComponentCatalog();
        foreach (var kind in BuiltInKinds())
        {
            catalog.Register(kind);
        }

        return catalog;
    }

    /// <summary>Creates a catalog without any kind.</summary>
    /// <returns>The new catalog.</returns>
    public static ComponentCatalog CreateEmpty() => new();

    /// <summary>Adds a kind.</summary>
    /// <param name="kind">The kind; its name must be new to this catalog.</param>
    /// <exception cref="InvalidOperationException">A kind with the same name is registered.</exception>
    public void Register(ComponentKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        string? problem = CheckName(kind.Name);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(kind));
        }

        lock (_gate)
        {
            if (_kinds.ContainsKey(kind.Name))
            {
                throw new InvalidOperationException($"A component kind named '{kind.Name}' is already registered; choose another name.");
            }

            _kinds = _kinds.Add(kind.Name, kind);
            _ordered = _ordered.Add(kind);
        }
    }

    /// <summary>Finds a kind by its exact name.</summary>
    /// <param name="name">The kind's name.</param>
    /// <param name="kind">The kind, when found.</param>
    /// <returns>Whether the kind exists.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComponentKind? kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _kinds.TryGetValue(name, out kind);
    }

    /// <summary>Gets a kind by its exact name.</summary>
    /// <param name="name">The kind's name.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="KeyNotFoundException">No kind has that name.</exception>
    public ComponentKind Get(string name) => TryGet(name, out var kind)
        ? kind
        : throw new KeyNotFoundException($"No component kind named '{name}' is registered. Known kinds: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>Gets a kind by its settings type (the first registered).</summary>
    /// <param name="settingsType">The settings record type.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="KeyNotFoundException">No kind takes those settings.</exception>
    public ComponentKind GetBySettings(Type settingsType) => _ordered.FirstOrDefault(k => k.SettingsType == settingsType)
        ?? throw new KeyNotFoundException($"No registered component kind takes {settingsType?.Name}.");

    /// <summary>The kinds grouped for a palette, in category order, each group in registration order.</summary>
    /// <returns>Groups of kinds by category.</returns>
    public IReadOnlyList<IGrouping<ComponentCategory, ComponentKind>> ByCategory() =>
        [.. _ordered.GroupBy(k => k.Category).OrderBy(g => g.Key)];

    private static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            return $"Component kind name '{name}' is not valid: use 1 to 64 letters, digits, '_' or '.'.";
        }

        return null;
    }
}
