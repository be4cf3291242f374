using InitLab.Optim.Schedules;
using InitLab.Reports.Svg;

namespace InitLab.Reports;

/// <summary>The learning rate of every step of a schedule, as a line chart (<c>initlab schedule --plot</c>).</summary>
public static class ScheduleChart
{
    /// <summary>The rates of <paramref name="schedule"/> from base rate <paramref name="lr"/> over <paramref name="steps"/> steps of epochs of <paramref name="batchesPerEpoch"/> batches.</summary>
    public static double[] Rates(ScheduleText schedule, double lr, long steps, int batchesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return [.. Enumerable.Range(0, checked((int)steps)).Select(t => schedule.LearningRateAt(lr, t, steps, batchesPerEpoch))];
    }

    /// <summary>The SVG of <paramref name="rates"/> (step 0 first) titled <paramref name="title"/>.</summary>
    public static string ToSvg(string title, IReadOnlyList<double> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        double top = rates.Max();
        var chart = new SvgChart(title, new Axis("step", 0, Math.Max(1, rates.Count - 1)), new Axis("learning rate", 0, top > 0 ? top * 1.05 : 1), 640, 360);
        chart.AddLine("learning rate", [.. Enumerable.Range(0, rates.Count).Select(i => (double)i)], rates, color: SvgChart.Palette[0]);
        return chart.ToSvg();
    }
}
