namespace FibreCafe.Gateway.Errors;

public enum RequestProblemKind
{
    /// <summary>Not what the contract can read at all: 400 MALFORMED_REQUEST.</summary>
    Malformed,
    /// <summary>Readable, but a value breaks a rule: 422 INVALID_REQUEST.</summary>
    Invalid,
}

/// <summary>One thing wrong with a request, phrased for the tenant: "field: rule".</summary>
public sealed record RequestProblem(RequestProblemKind Kind, string Message)
{
    public static RequestProblem Malformed(string field, string rule) => new(RequestProblemKind.Malformed, $"{field}: {rule}");
    public static RequestProblem Invalid(string field, string rule) => new(RequestProblemKind.Invalid, $"{field}: {rule}");
}

/// <summary>Carries a <see cref="RequestProblem"/> through MVC's ModelState, which keeps exceptions as they are.</summary>
public sealed class RequestProblemException(RequestProblem problem) : Exception(problem.Message)
{
    public RequestProblem Problem { get; } = problem;
}
