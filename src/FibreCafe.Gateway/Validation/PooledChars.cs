using System.Buffers;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Validation;

/// <summary>Newtonsoft's readers and writers borrow their character buffers from the shared pool instead of making their own.</summary>
public sealed class PooledChars : IArrayPool<char>
{
    public static readonly PooledChars Instance = new();

    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null) ArrayPool<char>.Shared.Return(array);
    }
}
