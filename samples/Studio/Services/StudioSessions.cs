namespace Percepti.Studio.Services;

/// <summary>The sessions alive in this server (one per open tab), for diagnostics and tests.</summary>
public sealed class StudioSessions
{
    private readonly Lock _gate = new();
    private readonly HashSet<StudioSession> _sessions = [];

    /// <summary>How many sessions are open.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>How many sessions have a run in progress.</summary>
    public int Training
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count(s => s.IsTraining);
            }
        }
    }

    internal void Add(StudioSession session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
        }
    }

    internal void Remove(StudioSession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
        }
    }
}
