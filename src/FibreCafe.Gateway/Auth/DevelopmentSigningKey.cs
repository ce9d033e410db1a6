using System.Security.Cryptography;
using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// The development issuer's RSA key: from configuration, or created once and kept in the data
/// folder so tokens survive a restart. Created only when first needed.
/// </summary>
public sealed class DevelopmentSigningKey(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, IHostEnvironment host)
{
    private readonly Lazy<RsaSecurityKey> _key = new(() => Load(auth.Value.DevelopmentIssuer.SigningKeyPem,
        Path.Combine(host.ContentRootPath, storage.Value.DataDirectory, "dev-signing-key.pem")));

    public RsaSecurityKey Key => _key.Value;

    private static RsaSecurityKey Load(string? configuredPem, string path)
    {
        var rsa = RSA.Create();
        if (!string.IsNullOrWhiteSpace(configuredPem))
        {
            rsa.ImportFromPem(configuredPem);
        }
        else if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa.KeySize = 2048;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
