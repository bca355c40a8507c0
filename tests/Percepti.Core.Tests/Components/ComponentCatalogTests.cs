using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Components;

public sealed class ComponentCatalogTests
{
    [Fact]
    public void The_default_catalog_has_every_design_component_grouped_for_a_palette()
    {
        var groups = ComponentCatalog.Default.ByCategory().ToDictionary(g => g.Key, g => g.Select(k => k.Name).ToList());
        groups[ComponentCategory.Data].Should().Equal("Input", "Target");
        groups[ComponentCategory.Processing].Should().Equal("Reshape", "Permute", "Flatten", "Rescale", "Grayscale", "OneHot", "Normalize");
        groups[ComponentCategory.DeepLearning].Should().Equal("Dense", "Convolution", "Pooling", "Activation", "Dropout", "BatchNorm", "LayerNorm", "Recurrent", "Embedding");
        groups[ComponentCategory.Operations].Should().Equal("Merge", "Argmax");
        groups[ComponentCategory.Heads].Should().Equal("Classification", "Regression");
    }

    [Fact]
    public void Every_kind_describes_its_settings_for_a_ui()
    {
        foreach (var kind in ComponentCatalog.Default.Kinds)
        {
            kind.Description.Should().NotBeNullOrWhiteSpace(kind.Name);
            kind.Validate(kind.DefaultSettings).Should().BeEmpty(kind.Name);
            kind.DefaultSettings.Should().BeOfType(kind.SettingsType);
            foreach (var setting in kind.Settings)
            {
                setting.DisplayName.Should().NotBeNullOrWhiteSpace();
                setting.Description.Should().NotBeNullOrWhiteSpace($"{kind.Name}.{setting.Name}");
                setting.DefaultValue.Should().BeEquivalentTo(setting.GetValue(kind.DefaultSettings));
                if (setting.ValueKind == SettingValueKind.Choice)
                {
                    setting.Choices.Should().Contain((string)setting.DefaultValue!);
                }

                if (setting.ValueKind is SettingValueKind.Integer or SettingValueKind.Number)
                {
                    setting.Minimum.Should().NotBeNull($"{kind.Name}.{setting.Name} needs a range");
                    setting.Maximum.Should().NotBeNull($"{kind.Name}.{setting.Name} needs a range");
                }

                // Writing the current value back must give equal settings: descriptors and records agree.
                setting.WithValue(kind.DefaultSettings, setting.GetValue(kind.DefaultSettings)).Should().Be(kind.DefaultSettings, $"{kind.Name}.{setting.Name}");
            }
        }
    }

    [Fact]
    public void Descriptors_edit_settings_by_name_and_reject_wrong_types()
    {
        var dense = ComponentCatalog.Default.Get("Dense");
        var units = dense.FindSetting("units")!;
        var activation = dense.FindSetting("activation")!;

        var edited = activation.WithValue(units.WithValue(dense.DefaultSettings, 128), "relu");
        edited.Should().Be(new DenseSettings(128, Activation.ReLU, true));
        activation.Choices.Should().Equal("None", "ReLU", "LeakyReLU", "GELU", "Sigmoid", "Tanh", "Softmax", "SiLU");

        units.Invoking(d => d.WithValue(dense.DefaultSettings, "128")).Should().Throw<ArgumentException>().WithMessage("*units*whole number*");
        activation.Invoking(d => d.WithValue(dense.DefaultSettings, "1")).Should().Throw<ArgumentException>().WithMessage("*one of None, ReLU*");
        units.CheckRange(0).Should().Contain("at least 1");
        ComponentCatalog.Default.Get("Dropout").FindSetting("rate")!.CheckRange(double.NaN).Should().Contain("finite");
    }

    [Fact]
    public void Settings_records_have_value_equality()
    {
        new ReshapeSettings(IntegerList.Of(2, -1)).Should().Be(new ReshapeSettings(IntegerList.Of(2, -1)));
        new InputSettings(TensorShape.Of(1, 28, 28)).Should().Be(new InputSettings(TensorShape.Of(1, 28, 28)));
        new InputSettings(TensorShape.Of(1, 28, 28)).Should().NotBe(new InputSettings(TensorShape.Of(1, 28, 27)));
    }

    [Fact]
    public void A_custom_kind_can_be_registered_once_and_used_in_graphs()
    {
        var catalog = ComponentCatalog.CreateDefault();
        catalog.Register(new ScaleComponent());
        catalog.Invoking(c => c.Register(new ScaleComponent())).Should().Throw<InvalidOperationException>().WithMessage("*already registered*");
        catalog.ByCategory().Should().Contain(g => g.Key == ComponentCategory.Custom);

        var graph = ModelGraph.Create("custom", g => g.Input("x", TensorShape.Of(3)).Then("Scale", new ScaleSettings(2)).Dense(2), catalog);
        graph.Analyze().Nodes[new NodeId("scale_1")].OutputShape.Should().Equal(3);
        ComponentCatalog.Default.TryGet("Scale", out _).Should().BeFalse("registering in one catalog leaves the default alone");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("System.IO.File, System")]
    public void Invalid_kind_names_are_refused(string name)
    {
        var catalog = ComponentCatalog.CreateEmpty();
        catalog.Invoking(c => c.Register(new NamedKind(name))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Preview_visuals_follow_the_output_shape()
    {
        PreviewVisuals.ForShape(TensorShape.Scalar).Should().Be(PreviewVisualKind.Scalar);
        PreviewVisuals.ForShape(TensorShape.Of(10)).Should().Be(PreviewVisualKind.Bar);
        PreviewVisuals.ForShape(TensorShape.Of(100)).Should().Be(PreviewVisualKind.Line);
        PreviewVisuals.ForShape(TensorShape.Of(5, 7)).Should().Be(PreviewVisualKind.Heatmap);
        PreviewVisuals.ForShape(TensorShape.Of(1, 28, 28)).Should().Be(PreviewVisualKind.GrayscaleImage);
        PreviewVisuals.ForShape(TensorShape.Of(3, 28, 28)).Should().Be(PreviewVisualKind.RgbImage);
        PreviewVisuals.ForShape(TensorShape.Of(32, 26, 26)).Should().Be(PreviewVisualKind.FeatureMaps);
    }

    private sealed class NamedKind(string name) : ComponentKind<FlattenSettings>(new FlattenSettings())
    {
        public override string Name => name;

        public override ComponentCategory Category => ComponentCategory.Custom;

        public override string Description => "test";

        protected override IEnumerable<SettingDescriptor> DescribeSettings() => [];

        protected override TensorShape InferOutputShapeCore(FlattenSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

        protected override ComponentModule BuildCore(FlattenSettings settings, IReadOnlyList<TensorShape> inputs) => throw new NotSupportedException();
    }
}
