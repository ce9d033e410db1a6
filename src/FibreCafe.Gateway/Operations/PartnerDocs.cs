using Scalar.AspNetCore;

namespace FibreCafe.Gateway.Operations;

/// <summary>
/// The interactive API reference at /docs, built from the same YAML the gateway serves at
/// /openapi/&lt;name&gt;.yaml. Scalar's script is served by the app itself; no CDN, no web fonts,
/// no telemetry, so it works where partners' browsers cannot reach the internet.
/// </summary>
public static class PartnerDocs
{
    public static void MapPartnerDocs(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference("/docs", options => options
                .WithTitle("Fibre Cafe gateway")
                .WithOpenApiRoutePattern("/openapi/{documentName}.yaml")
                .AddDocument("tenant-api", "Tenant API 1.17")
                .AddDocument("tenant-updates-api", "Tenant Updates API 1.14")
                .AddDocument("supplier-api", "Supplier API 1.15")
                .AddDocument("supplier-updates-api", "Supplier Updates API 1.8")
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
}
