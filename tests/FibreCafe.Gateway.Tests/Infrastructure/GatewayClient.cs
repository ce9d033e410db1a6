using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>What a tenant's integration does: get a token, send requests with the two correlation headers.</summary>
public sealed class GatewayClient(GatewayFactory factory)
{
    private static long _nextProblemId = 5_000_000;
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();

    public GatewayFactory Factory { get; } = factory;
    public HttpClient Http { get; } = CreateHttp(factory);

    private static HttpClient CreateHttp(GatewayFactory factory)
    {
        factory.StartServer();
        return factory.CreateClient();
    }

    public static readonly Dictionary<string, string> Secrets = new()
    {
        ["TENANT1"] = "tenant1-secret", ["TENANT2"] = "tenant2-secret", ["SUPPLIER1"] = "supplier1-secret",
    };

    /// <summary>A real token from the gateway's development issuer, fetched once per client id (tokens are meant to be reused).</summary>
    public Task<string> TokenFor(string clientId) => _tokens.GetOrAdd(clientId, async id =>
    {
        using var response = await Http.PostAsync("/auth/tenant/access-token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = Secrets[id],
        }));
        response.EnsureSuccessStatusCode();
        return (string)JObject.Parse(await response.Content.ReadAsStringAsync())["access_token"]!;
    });

    public Task<HttpResponseMessage> Cancel(string body, string tenant = "TENANT1", string? requestId = null,
        string? conversationId = "conv-tests", string contentType = "application/json", string? token = null) =>
        Cancel(Encoding.UTF8.GetBytes(body), tenant, requestId, conversationId, contentType, token);

    /// <summary>A cancellation whose body is these bytes exactly (for bodies no string can hold, such as invalid UTF-8).</summary>
    public async Task<HttpResponseMessage> Cancel(byte[] body, string tenant = "TENANT1", string? requestId = null,
        string? conversationId = "conv-tests", string contentType = "application/json", string? token = null) =>
        await Http.SendAsync(CancelRequest(body, token ?? await TokenFor(tenant), requestId, conversationId, contentType));

    /// <summary>The POST a tenant sends, for any gateway's address (another process's too).</summary>
    public static HttpRequestMessage CancelRequest(byte[] body, string token, string? requestId = null,
        string? conversationId = "conv-tests", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (requestId != "") request.Headers.TryAddWithoutValidation("X-Request-ID", requestId ?? Guid.NewGuid().ToString());
        if (conversationId is not null) request.Headers.TryAddWithoutValidation("X-Conversation-ID", conversationId);
        return request;
    }

    public Task<HttpResponseMessage> Cancel(long problemId, string reasonCode = "NO_LONGER_REQUIRED", string? text = null,
        string tenant = "TENANT1", string? requestId = null) =>
        Cancel(CancelBody(problemId, reasonCode, text), tenant, requestId);

    public static string CancelBody(long problemId, string reasonCode = "NO_LONGER_REQUIRED", string? text = null) =>
        new JObject { ["serviceProblemId"] = problemId, ["reasonCode"] = reasonCode, ["text"] = text }.ToString();

    /// <summary>Adds a service problem with a fresh id, as the gateway's seeding does.</summary>
    public async Task<long> NewProblem(string status = ServiceProblemStatus.Acknowledged, string tenant = "TENANT1",
        string? supplierReference = "AUTO", string supplier = "SUPPLIER1")
    {
        var id = Interlocked.Increment(ref _nextProblemId);
        var now = DateTimeOffset.UtcNow;
        var reference = supplierReference == "AUTO" ? $"SK_PRO{id:D9}" : supplierReference;
        await Store.AddServiceProblemsAsync([new ServiceProblem(id, tenant, supplier, reference, status, null, now, now)], CancellationToken.None);
        return id;
    }

    /// <summary>A GET as a tenant's integration makes it, with both correlation headers.</summary>
    public async Task<HttpResponseMessage> Get(string path, string client = "TENANT1")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(client));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "conv-reads");
        return await Http.SendAsync(request);
    }

    /// <summary>A supplier's KCI to POST /kcis, as SUPPLIER1 unless another client is named.</summary>
    public async Task<HttpResponseMessage> SendKci(string reasonCode, long problem, long sequenceNumber, long? cancellationId = null,
        string? text = null, string? supplierReference = null, string? id = null, string client = "SUPPLIER1")
    {
        var body = new JObject
        {
            ["id"] = id ?? Guid.NewGuid().ToString(),
            ["sequenceNumber"] = sequenceNumber,
            ["issuedOn"] = DateTimeOffset.UtcNow.ToString("O"),
            ["reasonCode"] = reasonCode,
            ["serviceProblem"] = new JObject { ["id"] = problem },
        };
        if (text is not null) body["text"] = text;
        if (cancellationId is not null) body["serviceProblem"]!["cancellationId"] = cancellationId;
        if (supplierReference is not null) body["serviceProblem"]!["supplierReference"] = supplierReference;
        var request = new HttpRequestMessage(HttpMethod.Post, "/kcis") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(client));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "supplier-conv");
        return await Http.SendAsync(request);
    }

    /// <summary>A JSON POST as <paramref name="client"/>, with fresh correlation ids and any extra headers.</summary>
    public async Task<HttpResponseMessage> PostAs(string client, string path, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(client));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "conv-tests");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>The id in a 201, after checking it is one.</summary>
    public static async Task<long> CreatedId(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (long)(await response.Json())["id"]!;
    }

    public Task<FibreCafe.Gateway.Cancellations.Cancellation?> WaitForCancellation(long id, Func<FibreCafe.Gateway.Cancellations.Cancellation, bool> done) =>
        Eventually.Get(() => Store.GetCancellationAsync("TENANT1", id, CancellationToken.None), c => c is not null && done(c));

    public IGatewayStore Store => Factory.Services.GetRequiredService<IGatewayStore>();
}
