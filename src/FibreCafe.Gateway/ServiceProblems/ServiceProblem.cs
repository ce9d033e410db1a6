namespace FibreCafe.Gateway.ServiceProblems;

/// <summary>
/// A service problem as the gateway knows it: whose it is, which supplier handles it, where it
/// stands, and the sequence number of the last supplier KCI applied to it (older ones never move it back).
/// </summary>
public sealed record ServiceProblem(
    long Id,
    string Tenant,
    string Supplier,
    string? SupplierReference,
    string Status,
    string? PreviousStatus,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    long LastSupplierSequence = 0);
