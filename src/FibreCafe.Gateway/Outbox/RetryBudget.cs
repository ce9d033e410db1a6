namespace FibreCafe.Gateway.Outbox;

/// <summary>
/// The durable retry model of both outboxes: after a failed attempt, when the row is due again, or
/// null when its budget is spent. The answer is stored on the row, so no worker waits in memory.
/// </summary>
public interface IRetryBudget
{
    /// <param name="attemptsMade">Calls counted so far (a turn refused by an open breaker is not one).</param>
    /// <param name="windowStarted">When the row's retry window started (creation, or an operator's resend).</param>
    /// <param name="retryAfter">What the partner (Retry-After) or the open breaker asked for.</param>
    DateTimeOffset? NextAttempt(long attemptsMade, DateTimeOffset windowStarted, DateTimeOffset now, TimeSpan? retryAfter);
}

/// <summary>
/// Suppliers: exponential backoff with jitter, capped; Retry-After honoured; spent when the window
/// is over (the last attempt falls on its end) or, as a ceiling, after MaxAttempts calls.
/// </summary>
public sealed record BackoffWindow(TimeSpan Window, int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, Func<double> Random) : IRetryBudget
{
    public DateTimeOffset? NextAttempt(long attemptsMade, DateTimeOffset windowStarted, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var end = windowStarted + Window;
        if (now >= end || attemptsMade >= MaxAttempts) return null;
        var exponent = (int)Math.Clamp(attemptsMade - 1, 0, 30);
        var backoff = TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, exponent)));
        // "Equal jitter": between half and all of the backoff, so a crowd caught by one outage spreads out.
        var delay = retryAfter is { } after && after > TimeSpan.Zero ? after : backoff * (0.5 + Random() / 2);
        var next = now + delay;
        return next < end ? next : end;
    }

    public bool IsOver(DateTimeOffset windowStarted, DateTimeOffset now) => now >= windowStarted + Window;
}

/// <summary>Tenant KCIs: the documented schedule of delays; after its last step a KCI is undeliverable.</summary>
public sealed record FixedSchedule(IReadOnlyList<TimeSpan> Steps) : IRetryBudget
{
    public DateTimeOffset? NextAttempt(long attemptsMade, DateTimeOffset windowStarted, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (attemptsMade >= Steps.Count) return null;
        var step = Steps[(int)attemptsMade];
        return now + (retryAfter is { } after && after > step ? after : step);
    }
}
