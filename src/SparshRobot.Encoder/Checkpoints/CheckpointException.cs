namespace SparshRobot.Encoder.Checkpoints;

/// <summary>A checkpoint that cannot be used as asked; the message names the file and every problem found.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problems = [problem];
    }

    public CheckpointException(string file, IReadOnlyList<string> problems)
        : base($"{file}: {problems.Count} problem(s) loading the checkpoint strictly:\n  - " + string.Join("\n  - ", problems))
    {
        File = file;
        Problems = problems;
    }

    public string File { get; }

    public IReadOnlyList<string> Problems { get; }
}
