using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FibreCafe.SupplierSimulator.Recording;

/// <summary>
/// The folder a recording is written to, kept replayable after every exchange (a recording can
/// be stopped at any moment): each case's files are rewritten whenever it gets another answer.
/// </summary>
public sealed class RecordingFolder
{
    private const string StandInTokenFile = "recorded-token-stand-in.json";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Exchange>> _cases = [];
    private readonly string _path;
    private readonly string _tokenPath;
    private long _arrivals;

    public RecordingFolder(string path, string tokenPath)
    {
        _path = path;
        _tokenPath = tokenPath;
        Directory.CreateDirectory(path);
        // Replay needs a token endpoint even if the gateway fetches no token while recording.
        if (!File.Exists(Path.Combine(path, StandInTokenFile)))
            Write(StandInTokenFile, RecordedMappings.StandInToken(tokenPath));
    }

    /// <summary>Order of arrival: answers to one case replay in the order the requests came.</summary>
    public long Arrive() => Interlocked.Increment(ref _arrivals);

    /// <returns>The answer's place in its case's sequence, counting from 1.</returns>
    public int Save(Exchange exchange)
    {
        lock (_lock)
        {
            var key = exchange.Case.Stem;
            if (!_cases.TryGetValue(key, out var answers)) _cases[key] = answers = [];
            answers.Add(exchange);
            answers.Sort((a, b) => a.Arrival.CompareTo(b.Arrival));
            WriteCase(answers);
            if (exchange.Case.Path == _tokenPath) File.Delete(System.IO.Path.Combine(_path, StandInTokenFile));
            return answers.IndexOf(exchange) + 1;
        }
    }

    /// <summary>Ties a KCI the supplier sent to the answer it follows (the one for that cancellation id).</summary>
    public Exchange? AttachFollowUp(long cancellationId, JObject kci, DateTimeOffset at)
    {
        lock (_lock)
        {
            var answers = _cases.Values.FirstOrDefault(list => list.Any(e => (long?)e.RequestBody?["id"] == cancellationId));
            var exchange = answers?.Last(e => (long?)e.RequestBody?["id"] == cancellationId);
            if (answers is null || exchange is null || exchange.FollowUp is not null) return null;
            exchange.FollowUp = (kci, (int)Math.Max(0, Math.Round((at - exchange.At).TotalSeconds)));
            WriteCase(answers);
            return exchange;
        }
    }

    private void WriteCase(List<Exchange> answers)
    {
        // A case only gains answers, so rewriting 1..n leaves nothing stale.
        for (var i = 0; i < answers.Count; i++)
            Write($"recorded-{answers[0].Case.Stem}-{i + 1:D2}.json", RecordedMappings.Mapping(answers, i));
    }

    private void Write(string file, JObject mapping) =>
        File.WriteAllText(System.IO.Path.Combine(_path, file), mapping.ToString(Formatting.Indented));
}
