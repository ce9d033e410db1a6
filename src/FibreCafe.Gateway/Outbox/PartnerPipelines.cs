using System.Collections.Concurrent;
using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;

namespace FibreCafe.Gateway.Outbox;

/// <summary>
/// One Polly pipeline per partner from Polly's registry: a reconnect for a dropped connection →
/// circuit breaker → per-attempt timeout. Nothing here waits between attempts: that is the
/// outbox's stored schedule (<see cref="IRetryBudget"/>). Rebuilt when the configuration reloads.
/// </summary>
public sealed class PartnerPipelines(ResiliencePipelineRegistry<string> registry, IConfiguration configuration, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _breakers = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new();

    /// <param name="options">Read when the pipeline is built, and again after each reload.</param>
    /// <param name="isFailure">What the breaker counts as a failure (timeouts and network errors always are).</param>
    public ResiliencePipeline<T> For<T>(string partner, Func<CallResilienceOptions> options, Func<T, bool> isFailure) =>
        registry.GetOrAddPipeline<T>(partner, (builder, context) =>
        {
            var o = options();
            var breaker = new CircuitBreakerStateProvider();
            _breakers[partner] = breaker;
            builder.TimeProvider = clock;
            builder
                .AddRetry(new RetryStrategyOptions<T>
                {
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or IOException or SocketException),
                    MaxRetryAttempts = 1,
                    Delay = o.ReconnectDelay,
                    BackoffType = DelayBackoffType.Constant,
                })
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<T>
                {
                    // A lost lease (cancelled before the call) says nothing about the partner.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                        ? e is not OperationCanceledException
                        : isFailure(args.Outcome.Result!)),
                    FailureRatio = o.BreakerFailureRatio,
                    MinimumThroughput = o.BreakerMinimumThroughput,
                    SamplingDuration = o.BreakerSamplingDuration,
                    BreakDuration = o.BreakDuration,
                    StateProvider = breaker,
                    OnOpened = args =>
                    {
                        _openUntil[partner] = clock.GetUtcNow() + args.BreakDuration;
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(o.AttemptTimeout);

            // A configuration reload (a new timeout, breaker setting…) rebuilds the pipeline.
            var reload = new CancellationTokenSource();
            var registration = configuration.GetReloadToken().RegisterChangeCallback(_ => reload.Cancel(), null);
            context.AddReloadToken(reload.Token);
            context.OnPipelineDisposed(() =>
            {
                // A rebuilt pipeline starts with a fresh, closed breaker; the old one is gone with it.
                _breakers.TryRemove(KeyValuePair.Create(partner, breaker));
                registration.Dispose();
                reload.Dispose();
            });
        });

    /// <summary>
    /// The partner's breaker as it stands (closed for a partner not called yet). Polly moves an open
    /// breaker to half-open only when a call comes, so once its break is over it reads half-open here.
    /// </summary>
    public CircuitState State(string partner)
    {
        var state = _breakers.TryGetValue(partner, out var breaker) ? StateOf(breaker) : CircuitState.Closed;
        return state == CircuitState.Open && _openUntil.TryGetValue(partner, out var until) && clock.GetUtcNow() >= until
            ? CircuitState.HalfOpen
            : state;
    }

    // Between a reload disposing the old pipeline and the next call building a new one, the old
    // breaker may still be read: it says nothing any more, and the new one will start closed.
    private static CircuitState StateOf(CircuitBreakerStateProvider breaker)
    {
        try
        {
            return breaker.CircuitState;
        }
        catch (ObjectDisposedException)
        {
            return CircuitState.Closed;
        }
    }
}
