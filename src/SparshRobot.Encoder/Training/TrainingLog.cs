namespace SparshRobot.Encoder.Training;

/// <summary>
/// A run's CSV log: one row per step or epoch, appended as training goes (a crash loses nothing logged), and cut back
/// to the last checkpoint when the run resumes, since the rows after it are trained again.
/// </summary>
public sealed class TrainingLog
{
    private readonly string? _header;

    /// <param name="header">The first line (column names), or null when the log has none.</param>
    public TrainingLog(string path, string? header)
    {
        Path = path;
        _header = header;
    }

    public string Path { get; }

    /// <summary>Starts the log afresh: the header only, whatever an earlier run left.</summary>
    public void Start() => File.WriteAllText(Path, _header is null ? "" : _header + "\n");

    public void Append(string row) => File.AppendAllText(Path, row + "\n");

    /// <summary>Keeps the first <paramref name="rows"/> rows (after the header) and drops the rest.</summary>
    /// <returns>The rows kept, for the caller to rebuild its history from; none when there is no log.</returns>
    public IReadOnlyList<string> CutBackTo(int rows)
    {
        if (!File.Exists(Path))
        {
            return [];
        }
        var kept = File.ReadAllLines(Path).Skip(_header is null ? 0 : 1).Take(rows).ToList();
        File.WriteAllLines(Path, _header is null ? kept : [_header, .. kept]);
        return kept;
    }
}
