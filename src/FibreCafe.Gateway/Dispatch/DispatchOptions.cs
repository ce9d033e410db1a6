namespace FibreCafe.Gateway.Dispatch;

public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>Run the dispatcher in this process (every gateway instance may; leases keep them apart).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a claimed row stays ours without news. It covers one attempt only (the wait before
    /// the next one is stored, not slept), which <see cref="Configuration.DispatchOptionsValidation"/> checks at start.
    /// A holder that dies is replaced after at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A commit wakes the dispatcher at once; this is only the fallback (other processes' commits, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cancellations being sent at once by this process, all suppliers together (each also has its own limit).</summary>
    public int MaxConcurrency { get; set; } = 32;
}
