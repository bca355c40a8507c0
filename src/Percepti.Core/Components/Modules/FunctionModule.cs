using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>A component module without parameters, computed by a function of its inputs.</summary>
internal sealed class FunctionModule : BuiltInModule
{
    private readonly Func<IReadOnlyList<Tensor>, Tensor> _function;

    public FunctionModule(string name, Func<IReadOnlyList<Tensor>, Tensor> function)
        : base(name) => _function = function;

    public static FunctionModule Unary(string name, Func<Tensor, Tensor> function) => new(name, inputs => function(inputs[0]));

    public override Tensor forward(IReadOnlyList<Tensor> input) => _function(input);
}
