using Percepti.Core.Backends;
using Percepti.Core.Data;
using Percepti.Core.Preview;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Backends;

[Collection(nameof(ProcessWideStateTests))]
public sealed class ComputeBackendTests
{
    [Fact]
    public void The_cpu_is_available_and_can_set_its_thread_count()
    {
        ComputeBackend.Cpu.Availability.IsAvailable.Should().BeTrue();
        ComputeBackend.Cpu.Device.type.Should().Be(DeviceType.CPU);
        int before = get_num_threads();
        try
        {
            ComputeBackend.CpuWithThreads(1).Activate();
            get_num_threads().Should().Be(1);
        }
        finally
        {
            set_num_threads(before);
        }

        var invalid = () => ComputeBackend.CpuWithThreads(0);
        invalid.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Cuda_without_a_runtime_package_says_what_to_add()
    {
        // This project's tests reference TorchSharp-cpu only, and the machine has no GPU.
        var cuda = ComputeBackend.Cuda();
        cuda.Availability.IsAvailable.Should().BeFalse();
        cuda.Availability.Reason.Should().Contain("TorchSharp-cuda-linux");
        var act = () => cuda.Activate();
        act.Should().Throw<BackendUnavailableException>().WithMessage("The cuda:0 backend cannot be used: no CUDA runtime package*");
        ComputeBackend.Auto.Name.Should().Be("cpu", "Auto falls back to the CPU when CUDA is unusable");
    }

    [Theory]
    [InlineData(true, false, 0, 0, false, "no usable CUDA device")]
    [InlineData(true, true, 2, 1, true, "CUDA device 1 of 2")]
    [InlineData(true, true, 2, 3, false, "device 3 does not exist; 2 device(s)")]
    [InlineData(false, false, 0, 0, false, "no CUDA runtime package")]
    public void Cuda_selection_reports_the_reason(bool runtime, bool usable, int devices, int index, bool available, string reason)
    {
        var probe = new FakeProbe(runtime, usable, devices);
        var backend = ComputeBackend.CudaWith(index, probe);
        backend.Availability.IsAvailable.Should().Be(available);
        backend.Availability.Reason.Should().Contain(reason);
        ComputeBackend.Choose(probe).Name.Should().Be(usable && devices > 0 ? "cuda:0" : "cpu");
    }

    [Fact]
    public async Task Training_on_an_unavailable_backend_fails_with_its_reason()
    {
        var split = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 100)]).Split(train: 0.8, validation: 0.2);
        using var run = Trainer.Start(SeedGraphs.FashionCnn(), split, new TrainingOptions { Epochs = 1, Backend = ComputeBackend.Cuda() });
        var act = () => run.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        (await act.Should().ThrowAsync<TrainingException>()).Which.Message.Should().Contain("no CUDA runtime package");
        run.Status.State.Should().Be(TrainingState.Failed);

        var preview = () => new PreviewEngine(SeedGraphs.FashionCnn(), PreviewSample.Random(SeedGraphs.FashionCnn()), new PreviewOptions { Backend = ComputeBackend.Cuda() });
        preview.Should().Throw<BackendUnavailableException>();
    }

    [Fact]
    public async Task A_third_party_backend_is_used_for_training()
    {
        var custom = new CountingBackend();
        var split = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 100)]).Split(train: 0.8, validation: 0.2);
        using var run = Trainer.Start(SeedGraphs.FashionCnn(), split, new TrainingOptions { Epochs = 1, BatchSize = 40, Backend = custom });
        using var model = (await run.Completion.WaitAsync(TimeSpan.FromMinutes(1))).Model;
        custom.Activations.Should().Be(1);
    }

    private sealed class FakeProbe(bool runtime, bool usable, int devices) : ICudaProbe
    {
        public bool HasCudaRuntime => runtime;

        public bool IsCudaUsable => usable;

        public int DeviceCount => devices;
    }

    private sealed class CountingBackend : IComputeBackend
    {
        public int Activations { get; private set; }

        public string Name => "counting-cpu";

        public BackendAvailability Availability => new(true, "always");

        public Device Device => CPU;

        public void Activate() => Activations++;
    }
}
