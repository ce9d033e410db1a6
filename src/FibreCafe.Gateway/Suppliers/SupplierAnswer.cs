namespace FibreCafe.Gateway.Suppliers;

public enum SupplierAnswerKind
{
    /// <summary>201: cancelled at once.</summary>
    Cancelled,
    /// <summary>202: accepted, a KCI follows.</summary>
    Accepted,
    /// <summary>422: refused with reasons.</summary>
    Rejected,
    /// <summary>400: the gateway's request was wrong.</summary>
    BadRequest,
    /// <summary>401 or 403 from the Supplier API, or the supplier's token endpoint refused our credentials.</summary>
    NotAuthorised,
    NotImplemented,
    /// <summary>A success status with a body that cannot be read, or a status the contract does not have.</summary>
    Unreadable,
    /// <summary>408, 429, 500, 502, 503, 504: worth another attempt.</summary>
    Retryable,
}

/// <summary>What one attempt got back from the supplier.</summary>
public sealed record SupplierAnswer(
    SupplierAnswerKind Kind,
    int StatusCode,
    string? SupplierReference = null,
    IReadOnlyList<string>? Messages = null,
    TimeSpan? RetryAfter = null);
