namespace Percepti.Core.Graph;

/// <summary>The type of a setting's value, which tells a UI what editor to show.</summary>
public enum SettingValueKind
{
    /// <summary>A whole number (<see cref="int"/>).</summary>
    Integer,

    /// <summary>A real number (<see cref="double"/>).</summary>
    Number,

    /// <summary>A yes/no switch (<see cref="bool"/>).</summary>
    Boolean,

    /// <summary>One of a fixed list of names (<see cref="string"/>); see <see cref="SettingDescriptor.Choices"/>.</summary>
    Choice,

    /// <summary>A list of whole numbers (<see cref="IReadOnlyList{T}"/> of <see cref="int"/>).</summary>
    IntegerList,

    /// <summary>Free text (<see cref="string"/>).</summary>
    Text,

    /// <summary>A list of real numbers (<see cref="IReadOnlyList{T}"/> of <see cref="double"/>).</summary>
    NumberList,
}
