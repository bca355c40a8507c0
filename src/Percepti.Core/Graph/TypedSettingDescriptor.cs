namespace Percepti.Core.Graph;

/// <summary>A <see cref="SettingDescriptor"/> bound to one settings record type and one value type.</summary>
internal sealed class TypedSettingDescriptor<TSettings, TValue> : SettingDescriptor
    where TSettings : ComponentSettings
{
    private readonly Func<TSettings, TValue> _get;
    private readonly Func<TSettings, TValue, TSettings> _set;
    private readonly Func<TValue, object> _toPublic;
    private readonly Func<SettingDescriptor, object?, TValue> _fromPublic;

    public TypedSettingDescriptor(
        string name,
        string displayName,
        string description,
        SettingValueKind valueKind,
        Func<TSettings, TValue> get,
        Func<TSettings, TValue, TSettings> set,
        Func<TValue, object> toPublic,
        Func<SettingDescriptor, object?, TValue> fromPublic)
        : base(name, displayName, description, valueKind)
    {
        _get = get;
        _set = set;
        _toPublic = toPublic;
        _fromPublic = fromPublic;
    }

    public override object GetValue(ComponentSettings settings) => _toPublic(_get(Cast(settings)));

    public override ComponentSettings WithValue(ComponentSettings settings, object? value) => _set(Cast(settings), _fromPublic(this, value));

    private TSettings Cast(ComponentSettings settings) => settings as TSettings
        ?? throw new ArgumentException($"Setting '{Name}' belongs to {typeof(TSettings).Name}, not {settings?.GetType().Name ?? "null"}.", nameof(settings));
}
