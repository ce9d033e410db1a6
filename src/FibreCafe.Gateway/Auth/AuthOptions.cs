namespace FibreCafe.Gateway.Auth;

/// <summary>How the gateway checks bearer tokens. In production the issuer is an external OAuth2/OIDC provider.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "fibre-cafe-development";
    public string Audience { get; set; } = "fibre-cafe-gateway";

    /// <summary>OIDC authority whose discovery document gives the signing keys (production).</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// The token endpoint partners are sent to by the published specs. Optional with an Authority
    /// (its discovery document names it) or the development issuer (its own path); required with
    /// SigningKeys alone.
    /// </summary>
    public string? TokenUrl { get; set; }

    /// <summary>PEM public keys trusted for token signatures, for providers without discovery.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim naming the tenant (or supplier) the token was issued to.</summary>
    public string ClientClaim { get; set; } = "client_id";

    public DevelopmentIssuerOptions DevelopmentIssuer { get; set; } = new();
}

/// <summary>A built-in client-credentials token endpoint, so the gateway runs with no external provider.</summary>
public sealed class DevelopmentIssuerOptions
{
    /// <summary>On in Development (appsettings.Development.json); off unless configured elsewhere.</summary>
    public bool Enabled { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>A PEM RSA private key; when empty one is created once in the data folder.</summary>
    public string? SigningKeyPem { get; set; }

    public List<ClientOptions> Clients { get; set; } = [];
}

public sealed class ClientOptions
{
    public string ClientId { get; set; } = "";

    /// <summary>PBKDF2 hash of the secret (make one with the <c>hash-secret</c> command); never the secret itself.</summary>
    public string SecretHash { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}
