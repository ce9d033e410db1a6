using System.Buffers;
using System.Text;

namespace FibreCafe.Gateway.Validation;

/// <summary>A request body read into buffers borrowed from the shared pool: a body is a few hundred bytes, read once and decoded once.</summary>
internal static class PooledBody
{
    /// <summary>
    /// The body in a buffer from the shared pool (the caller returns it), or no buffer when it is over the
    /// limit: read no further than the limit.
    /// </summary>
    public static async Task<(byte[]? Body, int Length)> ReadBoundedAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return (null, 0);
        // The usual case: the length is announced, and one buffer of that size holds it (Kestrel ends the
        // body at Content-Length). Otherwise the buffer grows as the body comes, up to one byte past the limit.
        var announced = request.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(announced ?? 1024, 1));
        var filled = 0;
        try
        {
            int read;
            while (filled != announced && (read = await request.Body.ReadAsync(buffer.AsMemory(filled))) > 0)
            {
                filled += read;
                if (filled > maxBytes || filled == announced) break;
                if (filled == buffer.Length) buffer = Larger(buffer, filled, maxBytes);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        if (filled <= maxBytes) return (buffer, filled);
        ArrayPool<byte>.Shared.Return(buffer);
        return (null, 0);
    }

    private static byte[] Larger(byte[] buffer, int filled, int maxBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>The body's characters, decoded once into a buffer borrowed from the shared pool and returned on dispose.</summary>
    public sealed class DecodedText : TextReader
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
