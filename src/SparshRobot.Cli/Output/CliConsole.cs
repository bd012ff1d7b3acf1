using Spectre.Console;

namespace SparshRobot.Cli.Output;

/// <summary>How long commands show progress and report an error, so every command looks the same.</summary>
internal static class CliConsole
{
    /// <summary>The progress display of long commands: what is running, a bar, the percentage and the time left.</summary>
    /// <param name="elapsed">Also show the time spent so far, for runs of hours where that tells as much as the time left.</param>
    public static Progress Progress(bool elapsed = false)
    {
        var columns = new List<ProgressColumn> { new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn() };
        if (elapsed)
        {
            columns.Add(new ElapsedTimeColumn());
        }
        columns.Add(new RemainingTimeColumn());
        return AnsiConsole.Progress().Columns([.. columns]);
    }

    /// <summary>Prints "error: <paramref name="line"/>", the line taken literally (brackets in paths are not markup).</summary>
    public static void Error(string line) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(line)}");
}
