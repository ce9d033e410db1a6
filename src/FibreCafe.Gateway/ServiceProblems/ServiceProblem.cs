namespace FibreCafe.Gateway.ServiceProblems;

/// <summary>A service problem as the gateway knows it: whose it is, which supplier handles it, where it stands.</summary>
public sealed record ServiceProblem(
    long Id,
    string Tenant,
    string Supplier,
    string? SupplierReference,
    string Status,
    string? PreviousStatus,
    DateTimeOffset Created,
    DateTimeOffset Updated);
