using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Auth;

/// <summary>
/// The spec a gateway serves names the token endpoint that gateway really trusts, in every
/// environment; the development issuer's path appears only where that issuer is on.
/// </summary>
public sealed class TruthfulSpecs
{
    private static async Task<string> ServedSpec(GatewayFactory factory, string name = "tenant-api")
    {
        using var http = new GatewayClient(factory).Http;
        using var response = await http.GetAsync($"/openapi/{name}.yaml");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task In_Development_the_spec_names_the_development_issuer_which_answers()
    {
        var spec = await ServedSpec(SharedGateway.Client.Factory);

        Assert.That(spec, Does.Contain("tokenUrl: /auth/tenant/access-token"));
        Assert.That(await SharedGateway.Client.TokenFor("TENANT1"), Is.Not.Empty);
    }

    [Test]
    public async Task In_Production_with_signing_keys_the_spec_names_the_configured_token_url_and_real_tokens_work()
    {
        using var key = RSA.Create(2048);
        using var factory = new GatewayFactory(new()
        {
            ["Auth:SigningKeys:0"] = key.ExportSubjectPublicKeyInfoPem(),
            ["Auth:TokenUrl"] = "https://login.partner-idp.test/oauth2/token",
            ["Dispatch:Enabled"] = "false",
        }, environment: "Production");

        var tenantApi = await ServedSpec(factory);
        var supplierUpdates = await ServedSpec(factory, "supplier-updates-api");
        var api = new GatewayClient(factory);
        using var noIssuer = await api.Http.PostAsync("/auth/tenant/access-token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        using var read = await ReadWith(api, Token(key));

        Assert.That(tenantApi, Does.Contain("tokenUrl: https://login.partner-idp.test/oauth2/token").And.Not.Contain("/auth/tenant/access-token"));
        Assert.That(supplierUpdates, Does.Contain("tokenUrl: https://login.partner-idp.test/oauth2/token"));
        Assert.That(noIssuer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no development issuer in Production");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a real token is accepted: the answer is about the id");
    }

    [Test]
    public async Task With_an_Authority_the_spec_names_the_token_endpoint_of_its_discovery_document()
    {
        using var issuer = WireMockServer.Start();
        issuer.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(new
            {
                issuer = "fibre-cafe-development", token_endpoint = issuer.Url + "/connect/token", jwks_uri = issuer.Url + "/jwks",
            }));
        issuer.Given(Request.Create().WithPath("/jwks").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { keys = Array.Empty<object>() }));
        using var factory = new GatewayFactory(new() { ["Auth:Authority"] = issuer.Url, ["Dispatch:Enabled"] = "false" }, environment: "Production");

        var spec = await ServedSpec(factory);

        Assert.That(spec, Does.Contain($"tokenUrl: {issuer.Url}/connect/token"));
    }

    [Test]
    public async Task The_specs_of_the_tenants_and_suppliers_own_servers_keep_their_own_token_urls()
    {
        var spec = await ServedSpec(SharedGateway.Client.Factory, "tenant-updates-api");

        Assert.That(spec, Does.Contain("tokenUrl: https://tenant.invalid/oauth/token"));
    }

    private static string Token(RSA key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "fibre-cafe-development",
        Audience = "fibre-cafe-gateway",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Subject = new ClaimsIdentity([new Claim("client_id", "TENANT1"), new Claim("scope", "tenant.all.all")]),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
    });

    private static async Task<HttpResponseMessage> ReadWith(GatewayClient api, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/service-problems/987654321");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("X-Request-ID", "r-prod");
        request.Headers.Add("X-Conversation-ID", "c-prod");
        return await api.Http.SendAsync(request);
    }
}
