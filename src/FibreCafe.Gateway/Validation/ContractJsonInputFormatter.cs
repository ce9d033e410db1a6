using System.Buffers;
using System.Text;
using System.Text.Unicode;
using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Reads JSON bodies for the generated controllers: bounded in size and depth, RFC 8259 only
/// (<see cref="StrictJson"/>), duplicate keys refused, then checked by <see cref="JsonContractChecker"/> so every failure becomes a
/// <see cref="RequestProblem"/> in ModelState (400 or 422, never a framework message).
/// </summary>
public sealed class ContractJsonInputFormatter : TextInputFormatter
{
    public const int MaxBodyBytes = 64 * 1024;

    // No line numbers on each token: messages name fields by path, and malformed JSON is reported
    // with the reader's own position; only a conversion that fails after the contract check passed
    // would have named a line (an annotation per token was 1.3 % of a POST's bytes).
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        LineInfoHandling = LineInfoHandling.Ignore,
    };

    private readonly JsonSerializer _serializer;
    private readonly JsonContractChecker _checker;

    public ContractJsonInputFormatter(JsonSerializerSettings settings)
    {
        _serializer = JsonSerializer.Create(settings);
        _checker = new JsonContractChecker(_serializer.ContractResolver);
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        SupportedMediaTypes.Add(MediaTypeHeaderValue.Parse("application/json"));
        SupportedMediaTypes.Add(MediaTypeHeaderValue.Parse("application/*+json"));
    }

    // The base class turns an empty body into "no value" and a framework message; we want our own.
    public override Task<InputFormatterResult> ReadAsync(InputFormatterContext context) =>
        ReadRequestBodyAsync(context, Encoding.UTF8);

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context, Encoding encoding)
    {
        var body = await ReadBoundedAsync(context.HttpContext.Request);
        if (body is null) return Fail(context, RequestProblem.Malformed("body", $"must not be larger than {MaxBodyBytes} bytes"));
        if (body.Length == 0) return Fail(context, RequestProblem.Malformed("body", "is required"));
        // System.Text.Json's reader does not look inside strings, and decoding would quietly turn a
        // Latin-1 "café" into "caf\uFFFD": refuse what RFC 8259 8.1 forbids instead of storing it.
        var json = StrictJson.WithoutBom(body);
        if (!Utf8.IsValid(json.Span))
            return Fail(context, RequestProblem.Malformed("body", "is not UTF-8, which RFC 8259 8.1 requires of JSON"));
        if (StrictJson.Violation(json.Span) is { } violation)
            return Fail(context, RequestProblem.Malformed("body", $"is not valid JSON (RFC 8259): {violation}"));

        JToken token;
        try
        {
            // The body is a few hundred bytes: decode it once into a pooled buffer and let the reader
            // borrow its own, instead of a StreamReader's two buffers, a string and the reader's own per request.
            using var reader = new JsonTextReader(new DecodedText(encoding, json.Span))
            {
                ArrayPool = PooledChars.Instance,
                MaxDepth = StrictJson.MaxDepth,
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            token = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read()) return Fail(context, RequestProblem.Malformed("body", "has content after the JSON value"));
        }
        catch (JsonException e)
        {
            return Fail(context, RequestProblem.Malformed("body", $"is not valid JSON ({FirstSentence(e.Message)})"));
        }

        var problems = _checker.Check(token, context.ModelType);
        if (problems.Count > 0) return Fail(context, [.. problems]);
        try
        {
            return InputFormatterResult.Success(token.ToObject(context.ModelType, _serializer));
        }
        catch (JsonException e)
        {
            return Fail(context, RequestProblem.Malformed("body", FirstSentence(e.Message)));
        }
    }

    /// <summary>The body, or null when it is over the limit (read no further than the limit).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: the length is announced, so read into one array of that size.
            var exact = new byte[length];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await request.Body.ReadAsync(exact.AsMemory(filled))) > 0) filled += read;
            return filled == exact.Length ? exact : exact[..filled]; // Kestrel ends the body at Content-Length
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBodyBytes) return null;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
        return buffer.ToArray();
    }

    private static InputFormatterResult Fail(InputFormatterContext context, params RequestProblem[] problems)
    {
        foreach (var problem in problems)
            context.ModelState.TryAddModelError(context.ModelName, new RequestProblemException(problem), context.Metadata);
        return InputFormatterResult.Failure();
    }

    // Newtonsoft appends "Path '', line 1, position 7." which helps; keep its first sentence and that.
    private static string FirstSentence(string message) => message.Length > 200 ? message[..200] : message;

    /// <summary>The body's characters, decoded once into a buffer borrowed from the shared pool and returned on dispose.</summary>
    private sealed class DecodedText : TextReader
    {
        private char[]? _chars;
        private readonly int _length;
        private int _position;

        public DecodedText(Encoding encoding, ReadOnlySpan<byte> bytes)
        {
            _chars = ArrayPool<char>.Shared.Rent(encoding.GetMaxCharCount(bytes.Length));
            _length = encoding.GetChars(bytes, _chars);
        }

        public override int Peek() => _position < _length ? _chars![_position] : -1;
        public override int Read() => _position < _length ? _chars![_position++] : -1;
        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = Math.Min(buffer.Length, _length - _position);
            _chars.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (_chars is { } chars) ArrayPool<char>.Shared.Return(chars);
            _chars = null;
            base.Dispose(disposing);
        }
    }
}
