using System.Text.Json;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Judges a body against RFC 8259 before Newtonsoft reads it. Newtonsoft's JsonTextReader is
/// lenient (comments, single quotes, unquoted names, trailing commas, NaN and Infinity, hex and
/// leading-zero numbers, <c>new Date()</c>, <c>undefined</c>, <c>\'</c>, raw control characters in
/// strings, non-JSON whitespace); System.Text.Json's reader with its default options accepts
/// exactly RFC 8259 and one value, so it is the judge. Duplicate names are refused later by
/// Newtonsoft (RFC 8259 only says they make a body unpredictable; we refuse them).
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 32;

    /// <summary>The bytes after a leading byte order mark: RFC 8259 8.1 lets a parser ignore one, and many Windows clients send one.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    /// <summary>Null when the bytes are one RFC 8259 JSON value, else why not (with line and byte); strip a byte order mark first (<see cref="WithoutBom"/>).</summary>
    public static string? Violation(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read()) { }
            return null;
        }
        catch (JsonException e)
        {
            // "LineNumber: 0 | BytePositionInLine: 7." is zero-based; say it as people count.
            var message = e.Message;
            var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
            return $"{message.TrimEnd()} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
    }
}
