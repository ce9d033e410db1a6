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
        // The check sees each member as the DTO declares it (an enum as the enum, not as the text EnumsAsNames reads).
        _checker = new JsonContractChecker(new Newtonsoft.Json.Serialization.DefaultContractResolver
        {
            NamingStrategy = EnumsAsNames.NamingOf(_serializer.ContractResolver),
        });
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        SupportedMediaTypes.Add(MediaTypeHeaderValue.Parse("application/json"));
        SupportedMediaTypes.Add(MediaTypeHeaderValue.Parse("application/*+json"));
    }

    // The base class turns an empty body into "no value" and a framework message; we want our own.
    public override Task<InputFormatterResult> ReadAsync(InputFormatterContext context) =>
        ReadRequestBodyAsync(context, Encoding.UTF8);

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context, Encoding encoding)
    {
        // The bytes are only decoded here, so they are read into a buffer borrowed from the pool.
        var (body, length) = await PooledBody.ReadBoundedAsync(context.HttpContext.Request, MaxBodyBytes);
        try
        {
            return body is null ? Fail(context, RequestProblem.Malformed("body", $"must not be larger than {MaxBodyBytes} bytes"))
                : length == 0 ? Fail(context, RequestProblem.Malformed("body", "is required"))
                : Read(context, encoding, body.AsMemory(0, length));
        }
        finally
        {
            if (body is not null) ArrayPool<byte>.Shared.Return(body);
        }
    }

    private InputFormatterResult Read(InputFormatterContext context, Encoding encoding, ReadOnlyMemory<byte> body)
    {
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
            using var reader = new JsonTextReader(new PooledBody.DecodedText(encoding, json.Span))
            {
                ArrayPool = PooledChars.Instance,
                PropertyNameTable = NamesOf(context.ModelType),
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

    // The member names a body of this type may have, so the reader hands out the same strings each time
    // instead of a new one per member per request (as Newtonsoft's own deserializer does with its table).
    // Built once per type and only read after: the table may be shared by concurrent readers.
    private DefaultJsonNameTable NamesOf(Type type) => _names.GetOrAdd(type, static (type, resolver) =>
    {
        var names = new DefaultJsonNameTable();
        var seen = new HashSet<Type>();
        void Add(Type t)
        {
            if (!seen.Add(t)) return;
            switch (resolver.ResolveContract(t))
            {
                case Newtonsoft.Json.Serialization.JsonObjectContract o:
                    foreach (var property in o.Properties)
                    {
                        if (property.PropertyName is { } name) names.Add(name);
                        if (property.PropertyType is { } member) Add(member);
                    }
                    break;
                case Newtonsoft.Json.Serialization.JsonArrayContract { CollectionItemType: { } item }:
                    Add(item);
                    break;
            }
        }
        Add(type);
        return names;
    }, _serializer.ContractResolver);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, DefaultJsonNameTable> _names = new();

    private static InputFormatterResult Fail(InputFormatterContext context, params RequestProblem[] problems)
    {
        foreach (var problem in problems)
            context.ModelState.TryAddModelError(context.ModelName, new RequestProblemException(problem), context.Metadata);
        return InputFormatterResult.Failure();
    }

    // Newtonsoft appends "Path '', line 1, position 7." which helps; keep its first sentence and that.
    private static string FirstSentence(string message) => message.Length > 200 ? message[..200] : message;
}
