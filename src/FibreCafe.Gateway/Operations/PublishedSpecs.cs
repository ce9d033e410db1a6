using FibreCafe.Gateway.Auth;

namespace FibreCafe.Gateway.Operations;

/// <summary>
/// The contracts partners integrate from, served by the gateway itself: GET /openapi/&lt;name&gt;.yaml.
/// The files name the development issuer's token path; a gateway serves them with the token
/// endpoint it really trusts (<see cref="TokenEndpoint"/>), so a partner reading the spec of a
/// production gateway is sent where tokens come from.
/// </summary>
public static class PublishedSpecs
{
    public static readonly string[] Names = ["tenant-api", "tenant-updates-api", "supplier-api", "supplier-updates-api"];
    private const string DevelopmentTokenUrl = "tokenUrl: " + DevelopmentIssuerEndpoint.Path;

    public static void MapPublishedSpecs(this IEndpointRouteBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "openapi");
        app.MapGet("/openapi/{name}.yaml", async (string name, TokenEndpoint tokens, CancellationToken ct) =>
            {
                if (!Names.Contains(name)) return Results.NotFound();
                var text = await File.ReadAllTextAsync(Path.Combine(folder, name + ".yaml"), ct);
                if (text.Contains(DevelopmentTokenUrl, StringComparison.Ordinal))
                {
                    // Without a known endpoint the spec would lie; the issuer's discovery may answer later.
                    if (await tokens.ForPartnersAsync(ct) is not { } tokenUrl) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                    text = text.Replace(DevelopmentTokenUrl, "tokenUrl: " + tokenUrl, StringComparison.Ordinal);
                }
                return Results.Text(text, "application/yaml; charset=utf-8");
            })
            .AllowAnonymous();
    }
}
