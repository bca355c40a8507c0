using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>
/// Base for a component kind with a settings record of type <typeparamref name="TSettings"/>:
/// implement the typed <c>…Core</c> members; type checks, range checks and runtime loading are done here.
/// </summary>
/// <typeparam name="TSettings">The settings record.</typeparam>
public abstract class ComponentKind<TSettings> : ComponentKind, IModuleBuilder
    where TSettings : ComponentSettings
{
    private readonly Lazy<IReadOnlyList<SettingDescriptor>> _settings;

    /// <summary>Creates the kind.</summary>
    /// <param name="defaults">The settings a new component starts with.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0022:Constructor make noninheritable base class inheritable", Justification = "By design: ComponentKind is derived only through this typed base, so every kind can build its module.")]
    protected ComponentKind(TSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        Defaults = defaults;
        _settings = new Lazy<IReadOnlyList<SettingDescriptor>>(() =>
        {
            var list = DescribeSettings().ToList();
            foreach (var descriptor in list)
            {
                descriptor.CaptureDefault(defaults);
            }

            return list;
        });
    }

    /// <summary>The default settings, typed.</summary>
    public TSettings Defaults { get; }

    /// <inheritdoc />
    public sealed override Type SettingsType => typeof(TSettings);

    /// <inheritdoc />
    public sealed override ComponentSettings DefaultSettings => Defaults;

    /// <inheritdoc />
    public sealed override IReadOnlyList<SettingDescriptor> Settings => _settings.Value;

    /// <inheritdoc />
    public sealed override IReadOnlyList<PortDefinition> GetInputPorts(ComponentSettings settings) =>
        settings is TSettings typed ? InputPortsCore(typed) : InputPortsCore(Defaults);

    /// <inheritdoc />
    public sealed override IReadOnlyList<SettingError> Validate(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings is not TSettings typed)
        {
            return [new SettingError(null, $"{Name} takes {typeof(TSettings).Name}, not {settings.GetType().Name}.")];
        }

        var errors = new List<SettingError>();
        foreach (var descriptor in Settings)
        {
            string? problem = descriptor.CheckRange(descriptor.GetValue(typed));
            if (problem is not null)
            {
                errors.Add(new SettingError(descriptor.Name, problem));
            }
        }

        // Cross-setting rules only make sense once every value is in range.
        if (errors.Count == 0)
        {
            errors.AddRange(ValidateCore(typed));
        }

        return errors;
    }

    /// <inheritdoc />
    public sealed override TensorShape InferOutputShape(ComponentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var typed = Cast(settings);
        CheckInputCount(typed, inputs);
        try
        {
            return InferOutputShapeCore(typed, inputs);
        }
        catch (ArgumentException exception)
        {
            // A computed dimension fell below 1 or the shape grew too large.
            throw new ComponentShapeException(exception.Message, (string?)null);
        }
        catch (OverflowException)
        {
            throw new ComponentShapeException($"{Name}: the output shape is too large.", (string?)null);
        }
    }

    /// <inheritdoc />
    public sealed override long CountParameters(ComponentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var typed = Cast(settings);
        CheckInputCount(typed, inputs);
        return checked(CountParametersCore(typed, inputs));
    }

    /// <summary>
    /// Builds the TorchSharp module. The caller owns and disposes it. The library loads the native runtime
    /// (<c>NativeRuntime.EnsureAvailable</c>) before it builds anything; a host that calls this directly does so first.
    /// </summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">The per-sample input shapes, in port order.</param>
    /// <returns>A module whose forward takes batched inputs in port order.</returns>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public ComponentModule Build(ComponentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var typed = Cast(settings);
        var errors = Validate(typed);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Cannot build {Name}: {errors[0].Message}.", nameof(settings));
        }

        _ = InferOutputShape(typed, inputs);
        return BuildCore(typed, inputs);
    }

    /// <inheritdoc />
    public sealed override PreviewVisualKind GetPreviewVisual(ComponentSettings settings, TensorShape output) =>
        settings is TSettings typed ? PreviewVisualCore(typed, output) : PreviewVisuals.ForShape(output);

    /// <summary>Lists the settings a UI shows, in display order.</summary>
    /// <returns>One descriptor per setting.</returns>
    protected abstract IEnumerable<SettingDescriptor> DescribeSettings();

    /// <summary>The input ports; by default one port named <c>input</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The ports in order.</returns>
    protected virtual IReadOnlyList<PortDefinition> InputPortsCore(TSettings settings) => [PortDefinition.Input];

    /// <summary>Rules between settings, checked after every value is in range.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The problems found.</returns>
    protected virtual IEnumerable<SettingError> ValidateCore(TSettings settings) => [];

    /// <summary>Infers the output shape; throw <see cref="ComponentShapeException"/> when inputs do not fit.</summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">One shape per input port.</param>
    /// <returns>The output shape.</returns>
    protected abstract TensorShape InferOutputShapeCore(TSettings settings, IReadOnlyList<TensorShape> inputs);

    /// <summary>Counts trainable parameters; none by default.</summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">One shape per input port.</param>
    /// <returns>The parameter count.</returns>
    protected virtual long CountParametersCore(TSettings settings, IReadOnlyList<TensorShape> inputs) => 0;

    /// <summary>Builds the module from valid settings and fitting inputs.</summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">One shape per input port.</param>
    /// <returns>The module.</returns>
    protected abstract ComponentModule BuildCore(TSettings settings, IReadOnlyList<TensorShape> inputs);

    /// <summary>Chooses the preview visual; by default from the output shape.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="output">The output shape.</param>
    /// <returns>The visual kind.</returns>
    protected virtual PreviewVisualKind PreviewVisualCore(TSettings settings, TensorShape output) => PreviewVisuals.ForShape(output);

    private TSettings Cast(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings as TSettings
            ?? throw new ArgumentException($"{Name} takes {typeof(TSettings).Name}, not {settings.GetType().Name}.", nameof(settings));
    }

    private void CheckInputCount(TSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int expected = InputPortsCore(settings).Count;
        if (inputs.Count != expected)
        {
            throw new ArgumentException($"{Name} takes {expected} input shape(s), not {inputs.Count}.", nameof(inputs));
        }
    }
}
