namespace Harness;

/// <summary>The harness's servers log warnings only: a console line per request would cost the floor and the stubs CPU the gateway then lacks.</summary>
public static class Quiet
{
    public static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
