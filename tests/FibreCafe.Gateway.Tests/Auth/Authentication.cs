using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Gateway.Tests.Auth;

public sealed class Authentication
{
    private static GatewayClient Api => SharedGateway.Client;

    [Test]
    public async Task A_request_without_a_token_is_NOT_AUTHORISED_with_a_Bearer_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new StringContent(GatewayClient.CancelBody(1001), System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await Api.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("NOT_AUTHORISED"));
        Assert.That(error.Messages[0], Does.Contain("an access token is required"));
    }

    [Test]
    public async Task A_token_that_is_not_a_JWT_is_NOT_AUTHORISED()
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), token: "not-a-token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"));
        Assert.That((await response.Error()).Messages[0], Is.EqualTo("the access token is invalid"));
    }

    [Test]
    public async Task An_expired_token_is_NOT_AUTHORISED_and_says_so()
    {
        await Api.TokenFor("TENANT1"); // makes sure the development key exists
        var expired = SignWithGatewayKey(DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), token: expired);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.Error()).Messages[0], Is.EqualTo("the access token has expired"));
    }

    [Test]
    public async Task A_valid_token_without_the_tenant_scope_is_forbidden()
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), tenant: "SUPPLIER1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await response.Error()).Code, Is.EqualTo("NOT_AUTHORISED"));
    }

    [Test]
    public async Task The_token_endpoint_takes_credentials_as_HTTP_Basic()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/tenant/access-token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("TENANT2:tenant2-secret"u8.ToArray()));

        using var response = await Api.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Json();
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["token_type"], Is.EqualTo("Bearer"));
            Assert.That((int)body["expires_in"]!, Is.EqualTo(3600));
            Assert.That((string?)body["access_token"], Is.Not.Empty);
        });
    }

    [TestCase("client_credentials", "TENANT1", "wrong-secret", "invalid_client")]
    [TestCase("client_credentials", "NOBODY", "tenant1-secret", "invalid_client")]
    [TestCase("password", "TENANT1", "tenant1-secret", "unsupported_grant_type")]
    public async Task A_failed_authentication_at_the_token_endpoint_is_a_400(string grant, string client, string secret, string expected)
    {
        using var response = await Api.Http.PostAsync("/auth/tenant/access-token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant, ["client_id"] = client, ["client_secret"] = secret,
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await response.Json())["error"], Is.EqualTo(expected));
    }

    public static IEnumerable<TestCaseData> ForgedTokens()
    {
        yield return new TestCaseData("wrong-issuer").SetName("A token from another issuer is NOT_AUTHORISED");
        yield return new TestCaseData("wrong-audience").SetName("A token for another audience is NOT_AUTHORISED");
        yield return new TestCaseData("wrong-key").SetName("A token signed with another key is NOT_AUTHORISED");
        yield return new TestCaseData("alg-none").SetName("An unsigned token (alg none) is NOT_AUTHORISED");
    }

    [TestCaseSource(nameof(ForgedTokens))]
    public async Task A_forged_token_is_refused(string forgery)
    {
        await Api.TokenFor("TENANT1"); // makes sure the development key exists
        var now = DateTime.UtcNow;
        var token = forgery switch
        {
            "wrong-issuer" => SignWithGatewayKey(now.AddMinutes(-1), now.AddHours(1), issuer: "someone-else"),
            "wrong-audience" => SignWithGatewayKey(now.AddMinutes(-1), now.AddHours(1), audience: "another-api"),
            "wrong-key" => SignWithGatewayKey(now.AddMinutes(-1), now.AddHours(1), key: RSA.Create(2048)),
            _ => Unsigned(now),
        };
        var problem = await Api.NewProblem();

        using var response = await Api.Cancel(GatewayClient.CancelBody(problem), token: token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.Error()).Code, Is.EqualTo("NOT_AUTHORISED"));
        Assert.That((await Api.Store.GetServiceProblemAsync("TENANT1", problem, CancellationToken.None))!.Status, Is.EqualTo("ACKNOWLEDGED"));
    }

    // Validated tokens are remembered until they expire: only the very same token may hit that memory.
    [Test]
    public async Task A_token_accepted_once_is_still_refused_when_its_payload_or_signature_is_changed()
    {
        var genuine = await Api.TokenFor("TENANT1");
        using (var accepted = await Api.Cancel(GatewayClient.CancelBody(await Api.NewProblem()), token: genuine))
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var parts = genuine.Split('.');
        var otherTenant = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("TENANT1", "TENANT2"));
        var signature = parts[2][..^2] + (parts[2][^2] == 'A' ? "B" : "A") + parts[2][^1];

        foreach (var altered in new[] { $"{parts[0]}.{otherTenant}.{parts[2]}", $"{parts[0]}.{parts[1]}.{signature}" })
        {
            var problem = await Api.NewProblem();
            using var response = await Api.Cancel(GatewayClient.CancelBody(problem), token: altered);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await response.Error()).Messages[0], Is.EqualTo("the access token is invalid"));
        }
    }

    private static string Unsigned(DateTime now)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = new DateTimeOffset(now.AddHours(1)).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"JWT"}""") + "." +
               Part($$"""{"iss":"fibre-cafe-development","aud":"fibre-cafe-gateway","client_id":"TENANT1","scope":"tenant.all.all","exp":{{exp}}}""") + ".";
    }

    private static string SignWithGatewayKey(DateTime notBefore, DateTime expires,
        string issuer = "fibre-cafe-development", string audience = "fibre-cafe-gateway", RSA? key = null)
    {
        using var rsa = key ?? RSA.Create();
        if (key is null) rsa.ImportFromPem(File.ReadAllText(Path.Combine(Api.Factory.DataDirectory, "dev-signing-key.pem")));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("client_id", "TENANT1"), new Claim("scope", "tenant.all.all")]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)), SecurityAlgorithms.RsaSha256),
        });
    }
}
