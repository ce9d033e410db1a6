using WireMock.Admin.Requests;
using WireMock.Logging;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// What QA's simulator prints: one line per request it answered (and which mapping answered it),
/// and warnings and errors as one line each. WireMock's own console logger prints every request
/// and answer as pages of JSON and its settings at start.
/// </summary>
public sealed class ConsoleLines(TextWriter output) : IWireMockLogger
{
    public void Debug(string formatString, params object[] args) { }
    public void Info(string formatString, params object[] args) { }
    public void Warn(string formatString, params object[] args) => Line("warn", formatString, args);
    public void Error(string formatString, params object[] args) => Line("error", formatString, args);
    public void Error(string message, Exception exception) => Line("error", "{0} ({1})", message, exception.Message);

    public void DebugRequestResponse(LogEntryModel entry, bool isAdminRequest)
    {
        if (isAdminRequest || entry.Request is null) return;
        var scenario = entry.Request.Headers?.FirstOrDefault(h => h.Key.Equals("X-Scenario", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        var answer = entry.MappingTitle ?? "no mapping matched";
        output.WriteLine($"{entry.Request.DateTime:HH:mm:ss} {entry.Request.Method} {entry.Request.Path}{(scenario is null ? "" : " X-Scenario " + scenario)} -> {entry.Response?.StatusCode} ({answer})");
    }

    private void Line(string level, string format, params object[] args)
    {
        var text = args.Length > 0 ? string.Format(format, args) : format;
        output.WriteLine($"{level}: {text.Split('\n')[0].Trim()}");
    }
}
