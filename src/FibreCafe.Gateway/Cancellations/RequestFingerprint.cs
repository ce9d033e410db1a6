using System.Security.Cryptography;
using System.Text;
using FibreCafe.Gateway.Contracts.TenantApi;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Cancellations;

/// <summary>
/// A hash of what the request means, not of its bytes: the same fields in another order or with
/// other whitespace are the same request for idempotency.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(ServiceProblemCancellationRequest body)
    {
        var canonical = JsonConvert.SerializeObject(new object?[] { body.ServiceProblemId, body.ReasonCode.ToString(), body.Text });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
