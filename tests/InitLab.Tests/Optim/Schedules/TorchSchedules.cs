using System.Text.Json;
using InitLab.Optim.Schedules;

namespace InitLab.Tests.Optim.Schedules;

/// <summary>torch 1.13's learning rates per step, made by <c>/usr/bin/python3 bench/peers/lr_schedules.py &gt; tests/InitLab.Tests/Optim/Schedules/Fixtures/torch_lr_schedules.json</c>.</summary>
internal static class TorchSchedules
{
    sealed record Case(string Spec, double Lr, int Steps, double[] Rates);

    static readonly Lazy<Case[]> Cases = new(() => JsonSerializer.Deserialize<Case[]>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Optim", "Schedules", "Fixtures", "torch_lr_schedules.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    /// <summary>Asserts that <paramref name="spec"/> parses to a schedule whose rate at every step equals torch's within 1e-12 relative.</summary>
    public static void AssertMatches(string spec)
    {
        var expected = Cases.Value.Single(c => c.Spec == spec);
        var schedule = ScheduleText.Parse(spec, "--lr-schedule");
        for (int t = 0; t < expected.Steps; t++)
        {
            double ours = schedule.LearningRateAt(expected.Lr, t, expected.Steps, batchesPerEpoch: 1);
            Assert.True(Math.Abs(ours - expected.Rates[t]) <= 1e-12 * Math.Abs(expected.Rates[t]) + 1e-15,
                $"{spec} step {t}: ours {ours:R}, torch {expected.Rates[t]:R}");
        }
    }
}
