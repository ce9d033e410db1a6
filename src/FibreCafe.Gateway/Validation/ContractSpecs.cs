using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.Controllers;
using NJsonSchema;
using NSwag;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// The OpenAPI documents the gateway ships (openapi/*.yaml, copied next to the binary), read once
/// at start, so rules the generated C# cannot carry (a header's pattern or range) are taken from
/// the spec itself rather than restated in code.
/// </summary>
public sealed partial class ContractSpecs
{
    private readonly Dictionary<string, OpenApiDocument> _documents;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, OpenApiParameter>> _parameters = new();

    public ContractSpecs() : this(Path.Combine(AppContext.BaseDirectory, "openapi")) { }

    public ContractSpecs(string folder) =>
        _documents = Directory.GetFiles(folder, "*.yaml").ToDictionary(
            file => Path.GetFileNameWithoutExtension(file),
            file => OpenApiYamlDocument.FromFileAsync(file).GetAwaiter().GetResult());

    public OpenApiDocument Document(string name) => _documents[name];

    /// <summary>
    /// The spec's parameters of the operation an action implements, by name (case-insensitive, as
    /// HTTP headers are). The generated base class's namespace names the spec (…Contracts.TenantApi
    /// is tenant-api.yaml); its route template and HTTP method name the operation.
    /// </summary>
    public IReadOnlyDictionary<string, OpenApiParameter> ParametersOf(ControllerActionDescriptor action) =>
        _parameters.GetOrAdd(action.Id, static (_, state) => state.Specs.Find(state.Action), (Specs: this, Action: action));

    // Run once per action; the lookup above passes its inputs along rather than making a closure per request.
    private Dictionary<string, OpenApiParameter> Find(ControllerActionDescriptor action)
    {
        var spec = Kebab().Replace(action.MethodInfo.GetBaseDefinition().DeclaringType!.Namespace!.Split('.')[^1], "-$1").ToLowerInvariant();
        var path = "/" + action.AttributeRouteInfo?.Template;
        var method = action.ActionConstraints?.OfType<HttpMethodActionConstraint>().SelectMany(c => c.HttpMethods).FirstOrDefault();
        if (!_documents.TryGetValue(spec, out var document) || method is null
            || !document.Paths.TryGetValue(path, out var item) || !item.TryGetValue(method.ToLowerInvariant(), out var operation))
            throw new InvalidOperationException($"{action.DisplayName} implements no operation of openapi/{spec}.yaml ({method} {path})");
        return operation.ActualParameters.ToDictionary(p => p.Name, p => p, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The schema of a parameter, $refs followed.</summary>
    public static JsonSchema SchemaOf(OpenApiParameter parameter) => parameter.ActualParameter.ActualSchema;

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Kebab();
}
