namespace Percepti.Core.Tests;

/// <summary>
/// Tests that change libtorch's process-wide settings (its thread count), or that compare two runs bit for bit and so
/// must not meet such a change, or a starved event-delivery thread, halfway: they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(ProcessWideStateTests), DisableParallelization = true)]
public sealed class ProcessWideStateTests;
