using System.Text;
using Percepti.Core.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>
/// Re-draws a built module's parameters from a private generator, with the same distributions as
/// TorchSharp's defaults, so weights depend only on the seed: never on the global random generator,
/// which other threads (training, user code) may be using at the same time.
/// </summary>
internal static class DeterministicInitializer
{
    /// <summary>A seed derived from a base seed and a node id, stable across processes and platforms.</summary>
    public static ulong SeedFor(long baseSeed, NodeId node)
    {
        // FNV-1a: string.GetHashCode is randomized per process.
        ulong hash = 14695981039346656037UL ^ (ulong)baseSeed;
        foreach (byte b in Encoding.UTF8.GetBytes(node.Value))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Initializes every Linear, convolution, recurrent and embedding layer inside <paramref name="module"/>.</summary>
    /// <returns>Whether every parameter was covered; false when a custom layer kept its default (global-generator) values.</returns>
    public static bool Initialize(nn.Module module, ulong seed)
    {
        using var generator = new Generator(seed, CPU);
        using var noGrad = no_grad();
        var covered = new HashSet<IntPtr>();
        foreach (var (_, child) in module.named_modules().Prepend((string.Empty, module)))
        {
            if (child is ISeededModule seeded)
            {
                // Its own random stream, derived from the same seed.
                seeded.Seed(seed ^ 0x9E3779B97F4A7C15UL);
            }

            switch (child)
            {
                case Linear or Convolution or ConvolutionTranspose:
                    {
                        var parameters = child.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
                        var weight = parameters["weight"];
                        long fanIn = weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                        double bound = 1.0 / Math.Sqrt(fanIn);

                        // Equals kaiming_uniform(a=√5) for the weight and PyTorch's bias rule.
                        weight.uniform_(-bound, bound, generator);
                        covered.Add(weight.Handle);
                        if (parameters.TryGetValue("bias", out var bias))
                        {
                            bias.uniform_(-bound, bound, generator);
                            covered.Add(bias.Handle);
                        }

                        break;
                    }

                case LSTM or GRU or RNN:
                    {
                        var parameters = child.named_parameters(recurse: false).ToList();
                        long hidden = parameters.First(p => p.name.StartsWith("weight_hh", StringComparison.Ordinal)).parameter.shape[1];
                        double bound = 1.0 / Math.Sqrt(hidden);
                        foreach (var (_, parameter) in parameters)
                        {
                            parameter.uniform_(-bound, bound, generator);
                            covered.Add(parameter.Handle);
                        }

                        break;
                    }

                case Embedding:
                    foreach (var (_, parameter) in child.named_parameters(recurse: false))
                    {
                        parameter.normal_(0, 1, generator);
                        covered.Add(parameter.Handle);
                    }

                    break;

                case BatchNorm1d or BatchNorm2d or BatchNorm3d or LayerNorm:
                    // Constant initial values (ones and zeros): already deterministic.
                    foreach (var (_, parameter) in child.named_parameters(recurse: false))
                    {
                        covered.Add(parameter.Handle);
                    }

                    break;
            }
        }

        return module.parameters().All(p => covered.Contains(p.Handle));
    }
}
