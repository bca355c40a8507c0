using System.Diagnostics;

namespace Percepti.Core.Hostile;

/// <summary>Counts cases, prints findings, and ends the process when one case runs past its time (a hang).</summary>
internal sealed class Report
{
    private readonly TimeSpan _limit;
    private readonly Dictionary<string, int> _counts = [];
    private readonly Dictionary<string, int> _outcomes = [];
    private readonly Thread _watchdog;
    private readonly Lock _gate = new();
    private string? _current;
    private long _started;
    private volatile bool _stopped;

    public Report(TimeSpan limit)
    {
        _limit = limit;
        _watchdog = new Thread(Watch) { IsBackground = true, Name = "hostile watchdog" };
        _watchdog.Start();
    }

    public int Findings { get; private set; }

    /// <summary>Print every refusal too (set PERCEPTI_HOSTILE_VERBOSE=1), to see what the corpus reaches.</summary>
    public static bool Verbose { get; } = Environment.GetEnvironmentVariable("PERCEPTI_HOSTILE_VERBOSE") == "1";

    public long SlowestMilliseconds { get; private set; }

    public int Count(string family) => _counts.GetValueOrDefault(family);

    /// <summary>Runs one case; exceptions of the allowed types are expected outcomes, anything else is a finding.</summary>
    public void Case(string family, string name, Action run, params Type[] allowed)
    {
        lock (_gate)
        {
            _current = $"{family} {name}";
            _started = Stopwatch.GetTimestamp();
        }

        try
        {
            run();
            Outcome($"{family} accepted");
        }
        catch (Exception exception) when (allowed.Any(t => t.IsInstanceOfType(exception)))
        {
            Outcome($"{family} refused with {exception.GetType().Name}");
            if (Verbose)
            {
                Console.WriteLine($"refused {family} {name}: {FirstLine(exception.Message)}");
            }
            if (exception.Message.Contains("frame #", StringComparison.Ordinal))
            {
                Finding(family, name, $"{exception.GetType().Name} carries a native trace in its message: {FirstLine(exception.Message)}");
            }
        }
        catch (Exception exception)
        {
            Finding(family, name, $"{exception.GetType().FullName}: {FirstLine(exception.Message)}");
            if (Verbose)
            {
                Console.WriteLine(exception);
            }
        }
        finally
        {
            lock (_gate)
            {
                SlowestMilliseconds = Math.Max(SlowestMilliseconds, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
                _current = null;
            }

            _counts[family] = _counts.GetValueOrDefault(family) + 1;
        }
    }

    public void Finding(string family, string name, string what)
    {
        Findings++;
        Console.WriteLine($"finding {family} {name}: {what}");
    }

    public void Stop() => _stopped = true;

    /// <summary>How the cases ended, to show the corpus reaches past the first check.</summary>
    public IEnumerable<string> Outcomes => _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}");

    /// <summary>Counts an outcome beyond accepted or refused (e.g. "graph compiled").</summary>
    public void Outcome(string what) => _outcomes[what] = _outcomes.GetValueOrDefault(what) + 1;

    private static string FirstLine(string message) => message.Split('\n')[0];

    private void Watch()
    {
        while (!_stopped)
        {
            Thread.Sleep(500);
            lock (_gate)
            {
                if (_current is not null && Stopwatch.GetElapsedTime(_started) > _limit)
                {
                    Console.WriteLine($"finding hang {_current}: still running after {_limit.TotalSeconds:F0} s");
                    Console.Out.Flush();
                    Environment.Exit(3);
                }
            }
        }
    }
}
