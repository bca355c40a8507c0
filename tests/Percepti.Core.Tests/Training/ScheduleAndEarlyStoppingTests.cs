using Percepti.Core.Training;

namespace Percepti.Core.Tests.Training;

/// <summary>Learning-rate schedules and early stopping, on their own, with hand-computed values.</summary>
public sealed class ScheduleAndEarlyStoppingTests
{
    [Fact]
    public void Schedules_give_the_documented_rates()
    {
        var constant = new TrainingOptions { LearningRate = 0.1 };
        LearningRates.At(constant, step: 1, totalSteps: 100, epoch: 1).Should().Be(0.1);
        LearningRates.At(constant, step: 100, totalSteps: 100, epoch: 9).Should().Be(0.1);

        var step = new TrainingOptions { LearningRate = 0.1, Schedule = LearningRateSchedule.Step, StepEpochs = 2, StepGamma = 0.5 };
        LearningRates.At(step, 1, 100, epoch: 2).Should().BeApproximately(0.1, 1e-12);
        LearningRates.At(step, 1, 100, epoch: 3).Should().BeApproximately(0.05, 1e-12);
        LearningRates.At(step, 1, 100, epoch: 5).Should().BeApproximately(0.025, 1e-12);

        var cosine = new TrainingOptions { LearningRate = 0.1, Schedule = LearningRateSchedule.Cosine };
        LearningRates.At(cosine, 1, 100, 1).Should().BeApproximately(0.1, 1e-12, "the first step runs at the peak");
        LearningRates.At(cosine, 51, 100, 1).Should().BeApproximately(0.05, 1e-12, "half way is half the peak");
        LearningRates.At(cosine, 101, 100, 1).Should().BeApproximately(0, 1e-12);

        var oneCycle = new TrainingOptions { LearningRate = 0.1, Schedule = LearningRateSchedule.OneCycle };
        LearningRates.At(oneCycle, 1, 100, 1).Should().BeApproximately(0.004, 1e-12, "warm-up starts at 4 % of the peak");
        LearningRates.At(oneCycle, 31, 100, 1).Should().BeApproximately(0.1, 1e-12, "the peak at 30 %");
        LearningRates.At(oneCycle, 66, 100, 1).Should().BeApproximately(0.05, 1e-12, "then a cosine: half way through the rest is half the peak");
    }

    [Theory]
    [InlineData("val_loss", EarlyStoppingMode.Auto, new[] { 1.0, 0.8, 0.9, 0.85 }, 4)]
    [InlineData("val_accuracy", EarlyStoppingMode.Auto, new[] { 0.5, 0.6, 0.55, 0.58 }, 4)]
    [InlineData("val_loss", EarlyStoppingMode.Maximize, new[] { 1.0, 0.8, 0.7 }, 3)]
    [InlineData("val_r2", EarlyStoppingMode.Maximize, new[] { 0.1, 0.2, 0.3, 0.25, 0.2 }, 5)]
    public void Early_stopping_counts_epochs_since_the_best_in_the_chosen_direction(string metric, EarlyStoppingMode mode, double[] values, int stopsAfter)
    {
        var stopping = new EarlyStopping(metric, mode, patience: 2);
        int epoch = 0;
        foreach (double value in values)
        {
            epoch++;
            stopping.Update(new Dictionary<string, double> { [metric] = value });
            if (stopping.ShouldStop)
            {
                break;
            }
        }

        epoch.Should().Be(stopsAfter);
        stopping.ShouldStop.Should().BeTrue();
    }

    [Fact]
    public void Early_stopping_resumes_from_its_saved_state_and_names_a_metric_the_run_does_not_report()
    {
        var resumed = new EarlyStopping("val_loss", EarlyStoppingMode.Auto, patience: 3, best: 0.5, sinceBest: 2);
        resumed.Update(new Dictionary<string, double> { ["val_loss"] = 0.6 }).Should().BeFalse();
        resumed.ShouldStop.Should().BeTrue("two epochs before the checkpoint and one after make three");

        var act = () => new EarlyStopping("val_mae", EarlyStoppingMode.Auto, 3).Update(new Dictionary<string, double> { ["loss"] = 1, ["val_loss"] = 1 });
        act.Should().Throw<TrainingException>().WithMessage("*'val_mae'*it reports loss, val_loss*");
    }
}
