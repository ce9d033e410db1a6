using System.Net.Sockets;
using Polly;
using Polly.Timeout;

namespace FibreCafe.Gateway.Suppliers;

/// <summary>Which outcomes of one call are worth another attempt later.</summary>
public static class SupplierAnswers
{
    public static bool IsTransient(Outcome<SupplierAnswer> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException or HttpRequestException or IOException or SocketException } => true,
        { Exception: null, Result.Kind: SupplierAnswerKind.Retryable } => true,
        _ => false,
    };
}
