using Newtonsoft.Json.Linq;

namespace FibreCafe.SupplierSimulator.Recording;

/// <summary>How a recorded exchange ended.</summary>
public enum Outcome
{
    /// <summary>The supplier answered.</summary>
    Answered,
    /// <summary>The supplier dropped the connection without a whole answer.</summary>
    Dropped,
    /// <summary>The client gave up before the supplier answered.</summary>
    NoAnswer,
}

/// <summary>
/// What identifies a case, and so what a replay matches on: method, path, X-Scenario and the
/// problem (serviceProblemId, supplierServiceProblemReference), never per-request values such
/// as the cancellation id or X-Request-ID.
/// </summary>
public sealed record RecordedCase(string Method, string Path, string? Scenario, JObject? Problem)
{
    private static readonly string[] ProblemFields = ["serviceProblemId", "supplierServiceProblemReference"];

    public static RecordedCase From(string method, string path, string? scenario, JObject? body)
    {
        JObject? problem = null;
        foreach (var field in ProblemFields)
            if (body?[field] is JValue value) (problem ??= [])[field] = value.DeepClone();
        return new RecordedCase(method.ToUpperInvariant(), path, scenario, problem);
    }

    /// <summary>A file-name-safe name, also the WireMock scenario of its sequence of answers.</summary>
    public string Stem
    {
        get
        {
            var parts = new List<string> { Method.ToLowerInvariant(), Path.Trim('/').Replace('/', '-') };
            if (Scenario is not null) parts.Add(Scenario);
            if (Problem?["serviceProblemId"] is { } id) parts.Add("problem-" + id);
            var stem = string.Join('-', parts.Where(p => p.Length > 0));
            return new string([.. stem.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        }
    }

    public string Describe() =>
        $"{Method} {Path}{(Scenario is null ? "" : " X-Scenario " + Scenario)}{(Problem?["serviceProblemId"] is { } id ? " problem " + id : "")}";
}

/// <summary>One request and what came of it, in the order requests arrived.</summary>
public sealed record Exchange(RecordedCase Case, long Arrival, JObject? RequestBody, Outcome Outcome, int Status,
    IReadOnlyDictionary<string, string> Headers, string? Body, DateTimeOffset At)
{
    /// <summary>A KCI the supplier sent after this answer, and how many seconds later.</summary>
    public (JObject Body, int DelaySeconds)? FollowUp { get; set; }
}
