using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>Statistics of one parameter tensor of a component (e.g. <c>layer.weight</c>).</summary>
/// <param name="Name">The parameter's name inside the component's module.</param>
/// <param name="Shape">The parameter's full shape.</param>
/// <param name="Statistics">Its value statistics.</param>
public sealed record WeightStatistics(string Name, TensorShape Shape, TensorStatistics Statistics);
