namespace Percepti.Core.Components.Modules;

/// <summary>
/// A module that draws random numbers (like dropout) from a generator of its own, seeded per
/// component, so that training is reproducible and independent of other users of the global generator.
/// </summary>
internal interface ISeededModule
{
    /// <summary>Re-seeds the module's generator.</summary>
    void Seed(ulong seed);

    /// <summary>The generator's state, for checkpoints.</summary>
    byte[] GetRandomState();

    /// <summary>Restores a state from <see cref="GetRandomState"/>.</summary>
    void SetRandomState(byte[] state);
}
