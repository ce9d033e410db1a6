using Polly;
using Polly.CircuitBreaker;

namespace FibreCafe.Gateway.Outbox;

/// <summary>What one attempt came to: the outcome, the attempts counted, and whether the breaker refused it.</summary>
public sealed record AttemptResult<T>(Outcome<T> Outcome, long AttemptsMade)
{
    /// <summary>The breaker was open: no call was made and no attempt spent; how long it stays open.</summary>
    public TimeSpan? BreakerOpenFor => Outcome.Exception is BrokenCircuitException broken ? broken.RetryAfter ?? TimeSpan.Zero : null;
}

/// <summary>
/// One attempt of either outbox: one call through the partner's pipeline. The attempt is counted in
/// the database just before the call (a crash mid-call still spends it), and not at all when the
/// breaker refuses the call. The caller then stores the outcome or the next attempt time.
/// </summary>
public static class OutboxAttempt
{
    /// <param name="begin">Counts the attempt and renews the lease; null when the lease was lost.</param>
    /// <returns>Null when the lease was lost (someone else owns the row now).</returns>
    public static async Task<AttemptResult<T>?> RunAsync<T>(ResiliencePipeline<T> pipeline, long attemptsBefore,
        Func<Task<long?>> begin, Func<CancellationToken, Task<T>> call, CancellationToken stopping)
    {
        long? made = null;
        var lost = false;
        var context = ResilienceContextPool.Shared.Get(stopping);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(async (ctx, _) =>
            {
                // A reconnect within the attempt is the same attempt.
                if (made is null && !lost)
                {
                    made = await begin();
                    lost = made is null;
                }
                if (lost) return Outcome.FromException<T>(new OperationCanceledException("the lease on this row was lost"));
                try
                {
                    return Outcome.FromResult(await call(ctx.CancellationToken));
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    return Outcome.FromException<T>(e);
                }
            }, context, 0);
            stopping.ThrowIfCancellationRequested();
            return lost ? null : new AttemptResult<T>(outcome, made ?? attemptsBefore);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
