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

    /// <summary>Whether the session with this id is open.</summary>
    /// <param name="id">A session's <see cref="StudioSession.Id"/>.</param>
    /// <returns>True while it is open.</returns>
    public bool IsOpen(string id)
    {
        lock (_gate)
        {
            return _sessions.Any(s => s.Id == id);
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
