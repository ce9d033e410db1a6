using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Suppliers;
using Polly;
using Polly.Timeout;

namespace FibreCafe.Gateway.Dispatch;

/// <summary>
/// The table of issue [C]: what each final answer of the supplier means for the cancellation.
/// <see cref="Lifecycle.CancellationLifecycle"/> decides what that does to the problem and tells the tenant.
/// </summary>
public static class DispatchOutcomes
{
    public static DispatchResult From(Outcome<SupplierAnswer> outcome, long attempts) => outcome switch
    {
        { Exception: TimeoutRejectedException } => Failed("SUPPLIER_TIMED_OUT",
            $"the gateway did not receive a timely response from the supplier ({attempts} attempt(s))"),
        { Exception: { } e } => Failed("SUPPLIER_FAULT", $"the supplier could not be reached ({attempts} attempt(s)): {e.Message}"),
        { Result: { } answer } => From(answer, attempts),
        _ => Failed("GATEWAY_FAULT", "no outcome"),
    };

    private static DispatchResult From(SupplierAnswer answer, long attempts) => answer.Kind switch
    {
        SupplierAnswerKind.Cancelled => new(CancellationStatus.Completed, null, [], answer.SupplierReference),
        SupplierAnswerKind.Accepted => new(CancellationStatus.Pending, null, [], null),
        SupplierAnswerKind.Rejected => new(CancellationStatus.Rejected, null,
            answer.Messages is { Count: > 0 } m ? m : ["the supplier rejected the cancellation"], null),
        SupplierAnswerKind.BadRequest => Failed("GATEWAY_FAULT", "the supplier found the gateway's request invalid (400)", answer.Messages),
        SupplierAnswerKind.NotAuthorised => Failed("SUPPLIER_FAULT", $"the supplier did not authorise the gateway ({answer.StatusCode}): not authorised", answer.Messages),
        SupplierAnswerKind.NotImplemented => Failed("SUPPLIER_FAULT", "the supplier does not implement cancellations (501)", answer.Messages),
        SupplierAnswerKind.Unreadable => Failed("SUPPLIER_FAULT", $"the supplier's answer could not be read ({answer.StatusCode})"),
        _ => Failed("SUPPLIER_FAULT", $"the supplier kept failing ({answer.StatusCode}) for {attempts} attempt(s)", answer.Messages),
    };

    public static DispatchResult Failed(string code, string message, IReadOnlyList<string>? supplierMessages = null) =>
        new(CancellationStatus.FailedToSend, code, [message, .. supplierMessages ?? []], null);
}
