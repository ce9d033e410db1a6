using System.Collections.Concurrent;
using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FibreCafe.Gateway.Suppliers;

/// <summary>
/// The Polly v8 pipeline around every call to one supplier: retry (exponential backoff with jitter,
/// honouring Retry-After) → circuit breaker → per-attempt timeout. Never retried: 400, 401, 403,
/// 422, 501, an unreadable answer. The retry budget is the stored attempt count, so it holds
/// across claims and restarts: the caller puts the attempts made into the context.
/// </summary>
public sealed class SupplierPipelines(TimeProvider clock)
{
    public static readonly ResiliencePropertyKey<long> AttemptsMade = new("fibrecafe.attempts-made");
    public static readonly ResiliencePropertyKey<int> MaxAttempts = new("fibrecafe.max-attempts");

    private readonly ConcurrentDictionary<string, ResiliencePipeline<SupplierAnswer>> _pipelines = new();

    public ResiliencePipeline<SupplierAnswer> For(string supplier, SupplierResilienceOptions options) =>
        _pipelines.GetOrAdd(supplier, _ => Build(options));

    public static bool IsTransient(Outcome<SupplierAnswer> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException or HttpRequestException or IOException or SocketException } => true,
        { Exception: null, Result.Kind: SupplierAnswerKind.Retryable } => true,
        _ => false,
    };

    private ResiliencePipeline<SupplierAnswer> Build(SupplierResilienceOptions options) =>
        new ResiliencePipelineBuilder<SupplierAnswer> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<SupplierAnswer>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && BudgetLeft(args.Context)),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                // 429 and 503 may say when to come back; never wait longer than MaxDelay (the lease is sized on it).
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? (TimeSpan?)TimeSpan.FromTicks(Math.Clamp(after.Ticks, 0, options.MaxDelay.Ticks))
                    : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SupplierAnswer>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    private static bool BudgetLeft(ResilienceContext context) =>
        context.Properties.GetValue(AttemptsMade, 0) < context.Properties.GetValue(MaxAttempts, 1);
}
