using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace FibreCafe.SupplierSimulator.Recording;

/// <summary>
/// Record mode: a pass-through proxy in front of a real supplier. Every request goes to the
/// supplier (nothing is answered from what was recorded), and every exchange is written to the
/// folder as it completes, replayable by the simulator. With a gateway URL it also carries the
/// supplier's KCIs to the gateway, recorded as the follow-up of the answer they confirm.
/// </summary>
public sealed class Recorder : IAsyncDisposable
{
    /// <summary>Paths of the gateway's own APIs that a supplier calls: passed to the gateway, not recorded as answers.</summary>
    private static readonly string[] GatewayPaths = ["/kcis", "/auth/tenant/access-token"];

    private readonly WebApplication _app;
    private readonly Uri _supplier;
    private readonly Uri? _gateway;
    private readonly RecordingFolder _folder;
    private readonly TextWriter _log;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };

    private Recorder(WebApplication app, Uri supplier, Uri? gateway, RecordingFolder folder, TextWriter log)
    {
        (_app, _supplier, _gateway, _folder, _log) = (app, supplier, gateway, folder, log);
        app.Run(HandleAsync);
    }

    public string Url { get; private set; } = "";

    /// <exception cref="SupplierUnreachableException">Nothing answers at the supplier's address.</exception>
    /// <exception cref="PortInUseException">The port is taken.</exception>
    public static async Task<Recorder> StartAsync(SimulatorOptions options, TextWriter log, string? gatewayUrl = null, string tokenPath = "/oauth/token")
    {
        var supplier = new Uri(options.RecordFrom!.TrimEnd('/') + "/");
        await CheckReachableAsync(supplier);
        var port = options.Port == 0 ? Ports.Free() : options.Port;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{options.Host}:{port}");
        var gateway = gatewayUrl is null ? null : new Uri(gatewayUrl.TrimEnd('/') + "/");
        var recorder = new Recorder(builder.Build(), supplier, gateway, new RecordingFolder(options.MappingsFolder, tokenPath), log);
        try
        {
            await recorder._app.StartAsync();
        }
        catch (Exception e) when (Ports.IsInUse(e))
        {
            throw new PortInUseException("the recorder", port, "Give it another with --port, and point the gateway's SUPPLIER1 there.");
        }
        recorder.Url = $"http://{(options.Host == "0.0.0.0" ? "localhost" : options.Host)}:{port}";
        return recorder;
    }

    private static async Task CheckReachableAsync(Uri supplier)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await tcp.ConnectAsync(supplier.Host, supplier.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            throw new SupplierUnreachableException(supplier, e is SocketException s ? s.Message : "no answer within 5 s");
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await PassAsync(context);
        }
        catch (Exception e)
        {
            _log.WriteLine($"error: {context.Request.Method} {context.Request.Path} was not recorded: {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private async Task PassAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await ReadAsync(request.Body);
        var toGateway = _gateway is not null && GatewayPaths.Contains(request.Path.Value, StringComparer.OrdinalIgnoreCase);
        var target = new Uri(toGateway ? _gateway! : _supplier, request.Path.Value!.TrimStart('/') + request.QueryString);
        var json = TryParse(body);
        var recorded = RecordedCase.From(request.Method, request.Path.Value!, Header(request, "X-Scenario"), json);
        var arrival = _folder.Arrive();
        try
        {
            using var upstream = await _http.SendAsync(Forward(request, target, body), HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            var answer = await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted);
            var headers = ResponseHeaders.Keep(upstream);
            await ResponseHeaders.CopyAsync(context.Response, (int)upstream.StatusCode, headers, answer);
            if (toGateway) { FollowUp(request.Path.Value!, json, upstream.IsSuccessStatusCode); return; }
            Saved(new Exchange(recorded, arrival, json, Outcome.Answered, (int)upstream.StatusCode, headers, System.Text.Encoding.UTF8.GetString(answer), DateTimeOffset.UtcNow));
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            _log.WriteLine($"Cannot reach {(toGateway ? "the gateway" : "the supplier")} at {target.GetLeftPart(UriPartial.Authority)} ({e.Message}); nothing recorded for {recorded.Describe()}. Check the {(toGateway ? "--gateway" : "--record")} URL and that it is up.");
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested && !toGateway)
        {
            // The supplier dropped the connection: so does the recorder, and the replay will too.
            context.Abort();
            Saved(new Exchange(recorded, arrival, json, Outcome.Dropped, 0, new Dictionary<string, string>(), null, DateTimeOffset.UtcNow));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested && !toGateway)
        {
            Saved(new Exchange(recorded, arrival, json, Outcome.NoAnswer, 0, new Dictionary<string, string>(), null, DateTimeOffset.UtcNow));
        }
    }

    private void Saved(Exchange exchange)
    {
        var place = _folder.Save(exchange);
        _log.WriteLine($"recorded {exchange.Case.Describe()}: {(exchange.Outcome == Outcome.Answered ? exchange.Status.ToString() : exchange.Outcome.ToString())} (answer {place})");
    }

    private void FollowUp(string path, JObject? kci, bool accepted)
    {
        if (!accepted || path != "/kcis" || (long?)kci?["serviceProblem"]?["cancellationId"] is not { } cancellation) return;
        var exchange = _folder.AttachFollowUp(cancellation, kci, DateTimeOffset.UtcNow);
        _log.WriteLine(exchange is null
            ? $"passed a {(string?)kci["reasonCode"]} KCI to the gateway; no recorded answer is for cancellation {cancellation}"
            : $"recorded a {(string?)kci["reasonCode"]} KCI after {exchange.Case.Describe()}");
    }

    private static HttpRequestMessage Forward(HttpRequest request, Uri target, byte[] body)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0 || request.ContentLength is not null) message.Content = new ByteArrayContent(body);
        foreach (var (name, values) in request.Headers)
        {
            if (name is "Host" or "Connection" or "Transfer-Encoding" or "Content-Length") continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        return message;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null; // IHeaderDictionary ignores case

    private static async Task<byte[]> ReadAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static JObject? TryParse(byte[] body)
    {
        try { return body.Length == 0 ? null : JToken.Parse(System.Text.Encoding.UTF8.GetString(body)) as JObject; }
        catch (Newtonsoft.Json.JsonException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>The supplier to record cannot be reached; the message says which and what to check.</summary>
public sealed class SupplierUnreachableException(Uri supplier, string reason)
    : Exception($"Cannot reach the supplier to record at {supplier.GetLeftPart(UriPartial.Authority)} ({reason}). Check the --record URL and that the supplier is up.");
