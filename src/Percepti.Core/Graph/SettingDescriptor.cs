using System.Collections.Immutable;
using System.Globalization;

namespace Percepti.Core.Graph;

/// <summary>
/// Describes one setting of a component kind for a UI (name, description, editor type, range,
/// choices, default) and reads or replaces its value in a settings record without reflection.
/// JSON reads and writes settings through these descriptors only.
/// </summary>
public abstract class SettingDescriptor
{
    private protected SettingDescriptor(string name, string displayName, string description, SettingValueKind valueKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(description);
        Name = name;
        DisplayName = displayName;
        Description = description;
        ValueKind = valueKind;
    }

    /// <summary>The key used in JSON and code, in camelCase, e.g. <c>filters</c>.</summary>
    public string Name { get; }

    /// <summary>The label a UI shows, e.g. <c>Filters</c>.</summary>
    public string DisplayName { get; }

    /// <summary>What the setting does, for a tooltip.</summary>
    public string Description { get; }

    /// <summary>The value's type.</summary>
    public SettingValueKind ValueKind { get; }

    /// <summary>The smallest allowed value (for lists: of each element), or null when unbounded.</summary>
    public double? Minimum { get; private protected init; }

    /// <summary>The largest allowed value (for lists: of each element), or null when unbounded.</summary>
    public double? Maximum { get; private protected init; }

    /// <summary>For lists: the fewest and most elements allowed.</summary>
    public (int Minimum, int Maximum)? CountRange { get; private protected init; }

    /// <summary>For <see cref="SettingValueKind.Choice"/>: the allowed names, in display order.</summary>
    public IReadOnlyList<string> Choices { get; private protected init; } = [];

    /// <summary>The value in the kind's default settings.</summary>
    public object? DefaultValue { get; private protected set; }

    /// <summary>Reads this setting from a settings record.</summary>
    /// <param name="settings">Settings of the kind that declares this descriptor.</param>
    /// <returns>An <see cref="int"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/> or <see cref="IReadOnlyList{T}"/> of <see cref="int"/>.</returns>
    public abstract object GetValue(ComponentSettings settings);

    /// <summary>Returns a copy of <paramref name="settings"/> with this setting replaced.</summary>
    /// <param name="settings">Settings of the kind that declares this descriptor.</param>
    /// <param name="value">The new value, of the type <see cref="ValueKind"/> names.</param>
    /// <returns>The new settings. Range is not checked here: an out-of-range value is reported by validation.</returns>
    /// <exception cref="ArgumentException">The value has the wrong type or is not one of the choices.</exception>
    public abstract ComponentSettings WithValue(ComponentSettings settings, object? value);

    /// <summary>Returns why the value is out of range, or null when it is acceptable.</summary>
    /// <param name="value">The value to check.</param>
    public string? CheckRange(object value)
    {
        switch (value)
        {
            case int integer:
                return CheckNumber(integer);
            case double number:
                return double.IsFinite(number) ? CheckNumber(number) : $"{DisplayName} must be a finite number, not {number}";
            case IReadOnlyList<double> numbers:
                if (CountRange is { } range && (numbers.Count < range.Minimum || numbers.Count > range.Maximum))
                {
                    return $"{DisplayName} must have {range.Minimum} to {range.Maximum} values, not {numbers.Count}";
                }

                foreach (double element in numbers)
                {
                    string? problem = double.IsFinite(element) ? CheckNumber(element) : $"{DisplayName} must hold finite numbers, not {element}";
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case IReadOnlyList<int> list:
                if (CountRange is { } count && (list.Count < count.Minimum || list.Count > count.Maximum))
                {
                    return $"{DisplayName} must have {count.Minimum} to {count.Maximum} values, not {list.Count}";
                }

                foreach (int element in list)
                {
                    string? problem = CheckNumber(element);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case string text when ValueKind == SettingValueKind.Text && Maximum is { } max && text.Length > max:
                return $"{DisplayName} must be at most {max} characters";
            default:
                return null;
        }
    }

    /// <summary>Describes an integer setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    /// <param name="minimum">Smallest allowed value.</param>
    /// <param name="maximum">Largest allowed value.</param>
    public static SettingDescriptor Integer<TSettings>(string name, string displayName, string description, Func<TSettings, int> get, Func<TSettings, int, TSettings> set, int minimum, int maximum)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, int>(name, displayName, description, SettingValueKind.Integer, get, set, v => v, ConvertInteger)
        {
            Minimum = minimum,
            Maximum = maximum,
        };

    /// <summary>Describes a real-number setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    /// <param name="minimum">Smallest allowed value.</param>
    /// <param name="maximum">Largest allowed value.</param>
    public static SettingDescriptor Number<TSettings>(string name, string displayName, string description, Func<TSettings, double> get, Func<TSettings, double, TSettings> set, double minimum, double maximum)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, double>(name, displayName, description, SettingValueKind.Number, get, set, v => v, ConvertNumber)
        {
            Minimum = minimum,
            Maximum = maximum,
        };

    /// <summary>Describes a yes/no setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    public static SettingDescriptor Boolean<TSettings>(string name, string displayName, string description, Func<TSettings, bool> get, Func<TSettings, bool, TSettings> set)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, bool>(name, displayName, description, SettingValueKind.Boolean, get, set, v => v, (d, v) => v is bool b ? b : throw d.WrongType(v, "true or false"));

    /// <summary>Describes a setting with a fixed set of choices, stored as an enum and shown by member name.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <typeparam name="TEnum">The enum whose member names are the choices.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    public static SettingDescriptor Choice<TSettings, TEnum>(string name, string displayName, string description, Func<TSettings, TEnum> get, Func<TSettings, TEnum, TSettings> set)
        where TSettings : ComponentSettings
        where TEnum : struct, Enum
    {
        string[] names = Enum.GetNames<TEnum>();
        return new TypedSettingDescriptor<TSettings, TEnum>(name, displayName, description, SettingValueKind.Choice, get, set, v => v.ToString(), (d, v) => ConvertChoice<TEnum>(d, v, names))
        {
            Choices = names,
        };
    }

    /// <summary>Describes a list-of-integers setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    /// <param name="minimumCount">Fewest elements.</param>
    /// <param name="maximumCount">Most elements.</param>
    /// <param name="minimum">Smallest element.</param>
    /// <param name="maximum">Largest element.</param>
    public static SettingDescriptor IntegerList<TSettings>(string name, string displayName, string description, Func<TSettings, IReadOnlyList<int>> get, Func<TSettings, IReadOnlyList<int>, TSettings> set, int minimumCount, int maximumCount, int minimum, int maximum)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, IReadOnlyList<int>>(name, displayName, description, SettingValueKind.IntegerList, get, set, v => v.ToImmutableArray(), (d, v) => ConvertIntegerList(d, v))
        {
            Minimum = minimum,
            Maximum = maximum,
            CountRange = (minimumCount, maximumCount),
        };

    /// <summary>Describes a list-of-numbers setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    /// <param name="maximumCount">Most elements.</param>
    /// <param name="minimum">Smallest element.</param>
    /// <param name="maximum">Largest element.</param>
    public static SettingDescriptor NumberList<TSettings>(string name, string displayName, string description, Func<TSettings, IReadOnlyList<double>> get, Func<TSettings, IReadOnlyList<double>, TSettings> set, int maximumCount, double minimum, double maximum)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, IReadOnlyList<double>>(name, displayName, description, SettingValueKind.NumberList, get, set, v => v.ToImmutableArray(), (d, v) => v switch
        {
            IEnumerable<double> numbers => numbers.ToImmutableArray(),
            IEnumerable<int> integers => integers.Select(i => (double)i).ToImmutableArray(),
            _ => throw d.WrongType(v, "a list of numbers"),
        })
        {
            Minimum = minimum,
            Maximum = maximum,
            CountRange = (0, maximumCount),
        };

    /// <summary>Describes a free-text setting.</summary>
    /// <typeparam name="TSettings">The settings record.</typeparam>
    /// <param name="name">The camelCase key.</param>
    /// <param name="displayName">The label.</param>
    /// <param name="description">The tooltip.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="set">Returns a copy with the value replaced.</param>
    /// <param name="maximumLength">Longest text allowed.</param>
    public static SettingDescriptor Text<TSettings>(string name, string displayName, string description, Func<TSettings, string> get, Func<TSettings, string, TSettings> set, int maximumLength)
        where TSettings : ComponentSettings =>
        new TypedSettingDescriptor<TSettings, string>(name, displayName, description, SettingValueKind.Text, get, set, v => v, (d, v) => v as string ?? throw d.WrongType(v, "text"))
        {
            Maximum = maximumLength,
        };

    internal void CaptureDefault(ComponentSettings defaults) => DefaultValue = GetValue(defaults);

    private protected ArgumentException WrongType(object? value, string expected) =>
        new($"Setting '{Name}' expects {expected}, not {(value is null ? "null" : $"'{value}' ({value.GetType().Name})")}.", nameof(value));

    private string? CheckNumber(double value)
    {
        if (Minimum is { } min && value < min)
        {
            return $"{DisplayName} must be at least {min.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}";
        }

        if (Maximum is { } max && value > max)
        {
            return $"{DisplayName} must be at most {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}";
        }

        return null;
    }

    private static int ConvertInteger(SettingDescriptor descriptor, object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        short s => s,
        byte b => b,
        double d when Math.Abs(d % 1) == 0 && d is >= int.MinValue and <= int.MaxValue => (int)d,
        _ => throw descriptor.WrongType(value, "a whole number"),
    };

    private static double ConvertNumber(SettingDescriptor descriptor, object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => throw descriptor.WrongType(value, "a number"),
    };

    private static TEnum ConvertChoice<TEnum>(SettingDescriptor descriptor, object? value, string[] names)
        where TEnum : struct, Enum
    {
        if (value is TEnum typed && Enum.IsDefined(typed))
        {
            return typed;
        }

        if (value is string text)
        {
            // Names only: Enum.Parse would also accept numbers and comma lists.
            foreach (string name in names)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    return Enum.Parse<TEnum>(name);
                }
            }
        }

        throw descriptor.WrongType(value, "one of " + string.Join(", ", names));
    }

    private static ImmutableArray<int> ConvertIntegerList(SettingDescriptor descriptor, object? value) => value switch
    {
        IEnumerable<int> list => list.ToImmutableArray(),
        _ => throw descriptor.WrongType(value, "a list of whole numbers"),
    };
}
