namespace FibreCafe.Gateway.Persistence;

/// <summary>The database cannot be reached right now; the request may succeed later (HTTP 503).</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
