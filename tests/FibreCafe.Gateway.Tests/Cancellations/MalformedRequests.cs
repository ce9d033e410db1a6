using System.Net;
using System.Text;

namespace FibreCafe.Gateway.Tests.Cancellations;

/// <summary>Every way a request can be unreadable answers 400 MALFORMED_REQUEST naming the field and rule, and stores nothing.</summary>
public sealed class MalformedRequests
{
    private static GatewayClient Api => SharedGateway.Client;

    private static async Task AssertMalformed(HttpResponseMessage response, string expectedMessage)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(error.Messages, Has.Some.Contains(expectedMessage));
    }

    [Test]
    public async Task A_body_that_is_not_JSON_is_malformed()
    {
        using var response = await Api.Cancel("serviceProblemId=1001&reasonCode=OTHER");
        await AssertMalformed(response, "body: is not valid JSON");
    }

    [TestCase("12.5")]
    [TestCase("\"12\"")]
    [TestCase("true")]
    [TestCase("99999999999999999999")]
    [TestCase("{}")]
    public async Task A_service_problem_id_that_is_not_a_whole_int64_is_malformed(string id)
    {
        using var response = await Api.Cancel($$"""{"serviceProblemId": {{id}}, "reasonCode": "OTHER"}""");
        await AssertMalformed(response, "serviceProblemId: must be a whole number within the int64 range");
    }

    [Test]
    public async Task A_reason_code_that_is_not_a_string_is_malformed()
    {
        using var response = await Api.Cancel("""{"serviceProblemId": 1001, "reasonCode": 3}""");
        await AssertMalformed(response, "reasonCode: must be a string");
    }

    [Test]
    public async Task Text_that_is_not_a_string_is_malformed()
    {
        using var response = await Api.Cancel("""{"serviceProblemId": 1001, "reasonCode": "OTHER", "text": ["a"]}""");
        await AssertMalformed(response, "text: must be a string");
    }

    [TestCase("""{"reasonCode": "OTHER"}""", "serviceProblemId: is required")]
    [TestCase("""{"serviceProblemId": 1001}""", "reasonCode: is required")]
    [TestCase("""{"serviceProblemId": null, "reasonCode": "OTHER"}""", "serviceProblemId: is required")]
    public async Task A_missing_mandatory_field_is_malformed(string body, string message)
    {
        using var response = await Api.Cancel(body);
        await AssertMalformed(response, message);
    }

    [TestCase("", "body: is required")]
    [TestCase("[1, 2]", "body: must be a JSON object")]
    [TestCase("""{"serviceProblemId": 1001, "serviceProblemId": 1002, "reasonCode": "OTHER"}""", "body: is not valid JSON")]
    [TestCase("""{"serviceProblemId": 1001, "reasonCode": "OTHER"} {}""", "body: is not valid JSON (RFC 8259)")]
    public async Task A_body_that_is_empty_not_an_object_or_ambiguous_is_malformed(string body, string message)
    {
        using var response = await Api.Cancel(body);
        await AssertMalformed(response, message);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task A_content_type_other_than_JSON_is_malformed(string contentType)
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), contentType: contentType);
        await AssertMalformed(response, "Content-Type: must be application/json");
    }

    [Test]
    public async Task A_body_over_64_KiB_is_malformed()
    {
        var padding = new string(' ', 64 * 1024);
        using var response = await Api.Cancel($$"""{"serviceProblemId": 1001, "reasonCode": "OTHER"}{{padding}}""");
        await AssertMalformed(response, "body: must not be larger than 65536 bytes");
    }

    [Test]
    public async Task A_body_sent_in_chunks_over_64_KiB_is_malformed()
    {
        var padding = new string(' ', 64 * 1024);
        using var response = await SendChunked(Encoding.UTF8.GetBytes($$"""{"serviceProblemId": 1001, "reasonCode": "OTHER"}{{padding}}"""));
        await AssertMalformed(response, "body: must not be larger than 65536 bytes");
    }

    [Test]
    public async Task A_body_sent_in_chunks_with_no_length_is_read_whole()
    {
        var problem = await Api.NewProblem();
        // Padding past the first buffer the gateway takes for a body of unknown length.
        var body = $$"""{"serviceProblemId": {{problem}},{{new string(' ', 3000)}}"reasonCode": "OTHER"}""";
        using var response = await SendChunked(Encoding.UTF8.GetBytes(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SendChunked(byte[] body)
    {
        using var request = GatewayClient.CancelRequest(body, await Api.TokenFor("TENANT1"));
        var content = new ChunkedContent(body);
        foreach (var header in request.Content!.Headers) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        request.Content = content;
        return await Api.Http.SendAsync(request);
    }

    /// <summary>A body whose length is not known in advance, so it is sent with Transfer-Encoding: chunked.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var at = 0; at < body.Length; at += 700) await stream.WriteAsync(body.AsMemory(at, Math.Min(700, body.Length - at)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Test]
    public async Task A_missing_X_Request_ID_is_malformed()
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), requestId: "");
        await AssertMalformed(response, "X-Request-ID: header is required");
    }

    [Test]
    public async Task A_missing_X_Conversation_ID_is_malformed()
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), conversationId: null);
        await AssertMalformed(response, "X-Conversation-ID: header is required");
    }

    private static readonly string[] BadHeaderValues = [" ", new string('r', 101), "tab\there", "nul\u0001"];

    [Test]
    public async Task An_X_Request_ID_that_is_blank_too_long_or_not_printable_ASCII_is_malformed(
        [ValueSource(nameof(BadHeaderValues))] string value)
    {
        using var response = await Send("X-Request-ID", value);
        await AssertMalformed(response, "X-Request-ID: header must be 1 to 100 printable ASCII characters");
    }

    [Test]
    public async Task An_X_Conversation_ID_that_is_blank_too_long_or_not_printable_ASCII_is_malformed(
        [ValueSource(nameof(BadHeaderValues))] string value)
    {
        using var response = await Send("X-Conversation-ID", value);
        await AssertMalformed(response, "X-Conversation-ID: header must be 1 to 100 printable ASCII characters");
    }

    // HttpClient will not send an empty or non-ASCII header value; a raw request does, as a careless client would.
    [TestCase("X-Request-ID: \r\nX-Conversation-ID: c1\r\n", "X-Request-ID: header")]
    [TestCase("X-Request-ID: caf\u00e9-1\r\nX-Conversation-ID: c1\r\n", "X-Request-ID: header must be 1 to 100 printable ASCII")]
    [TestCase("X-Request-ID: r1\r\nX-Conversation-ID: \u00fcber\r\n", "X-Conversation-ID: header must be 1 to 100 printable ASCII")]
    public async Task An_empty_or_non_ASCII_correlation_header_is_malformed(string headers, string message)
    {
        var response = await RawRequest(headers);
        Assert.That(response, Does.StartWith("HTTP/1.1 400"));
        Assert.That(response, Does.Contain("\"code\":\"MALFORMED_REQUEST\"").And.Contain(message));
    }

    private static async Task<HttpResponseMessage> Send(string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new StringContent(GatewayClient.CancelBody(1001), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", await Api.TokenFor("TENANT1"));
        request.Headers.TryAddWithoutValidation("X-Request-ID", header == "X-Request-ID" ? value : "r1");
        request.Headers.TryAddWithoutValidation("X-Conversation-ID", header == "X-Conversation-ID" ? value : "c1");
        return await Api.Http.SendAsync(request);
    }

    private static async Task<string> RawRequest(string extraHeaders)
    {
        var body = GatewayClient.CancelBody(1001);
        var uri = Api.Http.BaseAddress!;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        var request = $"POST /service-problem-cancellations HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {await Api.TokenFor("TENANT1")}\r\n" +
                      $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}Connection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
