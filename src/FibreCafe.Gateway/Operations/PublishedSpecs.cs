namespace FibreCafe.Gateway.Operations;

/// <summary>The contracts partners integrate from, served by the gateway itself: GET /openapi/&lt;name&gt;.yaml.</summary>
public static class PublishedSpecs
{
    public static readonly string[] Names = ["tenant-api", "tenant-updates-api", "supplier-api", "supplier-updates-api"];

    public static void MapPublishedSpecs(this IEndpointRouteBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "openapi");
        app.MapGet("/openapi/{name}.yaml", (string name) => Names.Contains(name)
                ? Results.File(Path.Combine(folder, name + ".yaml"), "application/yaml; charset=utf-8")
                : Results.NotFound())
            .AllowAnonymous();
    }
}
