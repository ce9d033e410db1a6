using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Configuration;
using FibreCafe.Gateway.Correlation;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Errors;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Persistence.Sqlite;
using FibreCafe.Gateway.Simulation;
using FibreCafe.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway;

/// <summary>The composition of the gateway: what Program.cs and the tests' host both build.</summary>
public static class GatewaySetup
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // Kestrel refuses non-ASCII header bytes with a bare 400; read them as Latin-1 so the
        // contract filter can answer with the spec's error body instead.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ErrorResponder>();
        services.AddSingleton<ContractSpecs>();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddGatewayStore();
        services.AddGatewayAuth();
        services.AddGatewayDispatch(builder.Configuration);
        services.AddGatewayOptionsValidation();
        services.AddDevelopmentStandIns();
        services.AddGatewayHealthChecks();
        services.AddSingleton<GatewayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName, SqliteWriterMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        // One filter for every request (it holds nothing of a request's own), not one made per request.
        services.AddSingleton<ContractRequestFilter>();
        services.AddControllers(mvc =>
            {
                mvc.Filters.Add(new ServiceFilterAttribute(typeof(ContractRequestFilter)) { IsReusable = true });
                mvc.ModelBinderProviders.Insert(0, new CheckedHeaderBinder.Provider());
                // The specs take JSON bodies only (ContractRequestFilter refuses any other) and name nothing
                // jQuery-style: the form and jQuery value providers, made for every request, only parsed its Content-Type.
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
            })
            .AddNewtonsoftJson(json => json.SerializerSettings.ContractResolver =
                new EnumsAsNames { NamingStrategy = EnumsAsNames.NamingOf(json.SerializerSettings.ContractResolver) })
            .ConfigureApiBehaviorOptions(api =>
            {
                api.InvalidModelStateResponseFactory = ModelStateErrors.Respond;
                // No action answers an error without the spec's error body, so the ProblemDetails mapping has
                // nothing to do (and ProblemDetails is not the spec's body); its result filter ran on every request.
                api.SuppressMapClientErrors = true;
            });
        services.Replace(ServiceDescriptor.Singleton<IObjectModelValidator, SpecCheckedActions>());
        services.Replace(ServiceDescriptor.Singleton<ParameterBinder, CheckedParameterBinder>());
        // Our reader goes first so no other formatter ever reads a JSON body.
        services.AddOptions<MvcOptions>().Configure<IOptions<MvcNewtonsoftJsonOptions>>((mvc, json) =>
        {
            mvc.InputFormatters.Insert(0, new ContractJsonInputFormatter(json.Value.SerializerSettings));
            SharedSerializerOutputFormatter.Replace(mvc, json.Value);
        });
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<ContractSpecs>(); // read the specs now: a broken one stops the start, not a request
        app.UseCorrelationHeaders();
        // GatewayExceptionHandler answers and logs (once); the framework's own handler and log stay out.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = _ => Task.CompletedTask,
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(UnmatchedRequests.RespondAsync);
        app.UseAuthentication();
        app.UseCorrelationLogScope();
        app.UseAuthorization();
        app.MapControllers();
        app.MapDevelopmentIssuer();
        app.MapGatewayHealthChecks();
        app.MapPublishedSpecs();
        app.MapPartnerDocs();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
