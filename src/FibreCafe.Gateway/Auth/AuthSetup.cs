using System.Security.Claims;
using System.Security.Cryptography;
using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Gateway.Auth;

public static class AuthPolicies
{
    public const string Tenant = "tenant";
    public const string TenantScope = "tenant.all.all";
    public const string Supplier = "supplier";
    public const string SupplierScope = "supplier.all.all";
}

/// <summary>The gateway as an OAuth2 resource server: JWT bearer tokens, scope-based policies, spec error bodies.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddSingleton<DevelopmentSigningKey>();
        services.AddSingleton<TokenEndpoint>();
        // The clock JwtBearer checks a token's lifetime by, so the memory never outlives what it would accept.
        services.AddSingleton(new AcceptedTokens(TimeProvider.System));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // JwtBearer as registered (its options and their setup), run by the handler that remembers accepted tokens.
        services.Configure<AuthenticationOptions>(auth =>
            auth.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(CachingJwtBearerHandler));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, DevelopmentSigningKey>(Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Tenant, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.HasScope(AuthPolicies.TenantScope)))
            .AddPolicy(AuthPolicies.Supplier, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.HasScope(AuthPolicies.SupplierScope)));
        // The framework registers its authorization services as transient, so that an authorization
        // handler may use scoped services; seven of them were made for every request. The gateway's only
        // handler is the framework's own pass-through (the assertions above), which holds nothing of a
        // request, so one of each serves them all. Development validates scopes, and would refuse a
        // scoped handler added later.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationService, DefaultAuthorizationService>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationHandlerContextFactory, DefaultAuthorizationHandlerContextFactory>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationEvaluator, DefaultAuthorizationEvaluator>());
        foreach (var transient in services.Where(d => d.ServiceType == typeof(IAuthorizationHandler) && d.ImplementationType == typeof(PassThroughAuthorizationHandler)).ToList())
            services.Remove(transient);
        services.AddSingleton<IAuthorizationHandler, PassThroughAuthorizationHandler>();
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, PolicyEvaluator>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>());
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, IOptions<AuthOptions> options, DevelopmentSigningKey developmentKey)
    {
        var auth = options.Value;
        jwt.MapInboundClaims = false;
        jwt.SaveToken = false; // nothing reads the raw token back; storing it cost allocations per request
        jwt.Authority = auth.Authority;
        jwt.RequireHttpsMetadata = auth.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? false;
        var keys = auth.SigningKeys.Select(pem =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return (SecurityKey)new RsaSecurityKey(rsa);
        }).ToList();
        if (auth.DevelopmentIssuer.Enabled) keys.Add(developmentKey.Key);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var client = context.Principal?.FindFirst(auth.ClientClaim)?.Value;
                if (string.IsNullOrEmpty(client)) context.Fail($"the token has no {auth.ClientClaim} claim");
                else context.Principal!.AddIdentity(new ClaimsIdentity([new Claim(ClaimsPrincipalExtensions.ClientClaim, client)]));
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var (error, message) = context.AuthenticateFailure switch
                {
                    null when string.IsNullOrEmpty(context.Request.Headers.Authorization) =>
                        (null, "an access token is required: Authorization: Bearer <token>"),
                    SecurityTokenExpiredException => ("invalid_token", "the access token has expired"),
                    _ => ("invalid_token", "the access token is invalid"),
                };
                context.Response.Headers.WWWAuthenticate = error is null
                    ? "Bearer"
                    : $"Bearer error=\"{error}\", error_description=\"{message}\"";
                var errors = context.HttpContext.RequestServices.GetRequiredService<ErrorResponder>();
                await errors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ErrorCode.NOT_AUTHORISED, [message]);
            },
            OnForbidden = context =>
            {
                var errors = context.HttpContext.RequestServices.GetRequiredService<ErrorResponder>();
                return errors.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, ErrorCode.NOT_AUTHORISED,
                    ["the access token does not permit this operation"]);
            },
        };
    }
}
