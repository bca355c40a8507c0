namespace Percepti.Core.Training;

/// <summary>The learning rate of each step under a <see cref="LearningRateSchedule"/>.</summary>
internal static class LearningRates
{
    /// <summary>The rate for one step.</summary>
    /// <param name="options">The peak rate, the schedule and its step settings.</param>
    /// <param name="step">The step, 1-based, counted over the whole run.</param>
    /// <param name="totalSteps">The steps of the whole run.</param>
    /// <param name="epoch">The epoch, 1-based.</param>
    /// <returns>The learning rate.</returns>
    public static double At(TrainingOptions options, int step, int totalSteps, int epoch)
    {
        double peak = options.LearningRate;
        double progress = (double)(step - 1) / Math.Max(totalSteps, 1);
        return options.Schedule switch
        {
            LearningRateSchedule.Step => peak * Math.Pow(options.StepGamma, (epoch - 1) / options.StepEpochs),
            LearningRateSchedule.Cosine => peak * 0.5 * (1 + Math.Cos(Math.PI * progress)),

            // Warm up over the first 30 % from 4 % of the peak, then anneal along a cosine.
            LearningRateSchedule.OneCycle => progress < 0.3
                ? peak * (0.04 + (0.96 * progress / 0.3))
                : peak * 0.5 * (1 + Math.Cos(Math.PI * (progress - 0.3) / 0.7)),
            _ => peak,
        };
    }
}
