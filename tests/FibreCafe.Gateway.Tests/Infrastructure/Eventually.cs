namespace FibreCafe.Gateway.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="read"/> gives a value that passes <paramref name="done"/>, or the
    /// deadline passes; returns the last value either way, for the test to assert on.
    /// </summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }
}
