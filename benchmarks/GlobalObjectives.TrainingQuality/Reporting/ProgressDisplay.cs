using System.Diagnostics;

namespace GlobalObjectives.TrainingQuality.Reporting;

/// <summary>
/// Progress of a long run: one self-updating line on a terminal, one line per job otherwise (CI logs), both with the
/// elapsed time and an estimate of the time left.
/// </summary>
public sealed class ProgressDisplay
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsOutputRedirected;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(int done, int total, string job, double seconds)
    {
        var elapsed = _clock.Elapsed;
        var left = done == 0 ? TimeSpan.Zero : elapsed * ((double)(total - done) / done);
        string text = $"[{done}/{total}] {elapsed:mm\\:ss} elapsed, ~{left:mm\\:ss} left | {job} ({seconds:F1} s)";
        if (_interactive)
        {
            int width = Math.Max(40, SafeWindowWidth() - 1);
            Console.Write("\r" + (text.Length > width ? text[..width] : text.PadRight(width)));
            if (done == total) Console.WriteLine();
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    private static int SafeWindowWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 120; }
    }
}
