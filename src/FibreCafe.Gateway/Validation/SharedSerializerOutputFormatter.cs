using System.Buffers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// MVC's Newtonsoft output formatter with one serializer for every response. The framework's makes a
/// new JsonSerializer for each response it writes; a serializer whose settings never change after it
/// is made can serve concurrent writes (no reference handling is set), as the gateway's input
/// formatter and request fingerprint already do with theirs.
/// </summary>
public sealed class SharedSerializerOutputFormatter(MvcNewtonsoftJsonOptions json, MvcOptions mvc)
    : NewtonsoftJsonOutputFormatter(json.SerializerSettings, ArrayPool<char>.Shared, mvc, json)
{
    private JsonSerializer? _serializer;

    protected override JsonSerializer CreateJsonSerializer() => _serializer ??= base.CreateJsonSerializer();

    /// <summary>Puts it in the place of the framework's formatter, keeping the order of the others.</summary>
    public static void Replace(MvcOptions mvc, MvcNewtonsoftJsonOptions json)
    {
        var index = mvc.OutputFormatters.IndexOf(mvc.OutputFormatters.OfType<NewtonsoftJsonOutputFormatter>().First());
        mvc.OutputFormatters[index] = new SharedSerializerOutputFormatter(json, mvc);
    }
}
