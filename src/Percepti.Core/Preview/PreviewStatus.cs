namespace Percepti.Core.Preview;

/// <summary>Where a component's preview stands.</summary>
public enum PreviewStatus
{
    /// <summary>The preview belongs to an older version; the component will be recomputed.</summary>
    Stale,

    /// <summary>Scheduled in the current run.</summary>
    Queued,

    /// <summary>Being computed now.</summary>
    Running,

    /// <summary>Computed for the current version.</summary>
    UpToDate,

    /// <summary>The component itself failed or is invalid; see the message.</summary>
    Error,

    /// <summary>A component upstream failed; see <see cref="ComponentPreview.BlockedBy"/>.</summary>
    Blocked,
}
