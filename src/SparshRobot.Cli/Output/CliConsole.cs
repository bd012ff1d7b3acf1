using Spectre.Console;

namespace SparshRobot.Cli.Output;

/// <summary>How long commands show progress and report an error, so every command looks the same.</summary>
internal static class CliConsole
{
    /// <summary>The progress display of long commands: what is running, a bar, the percentage and the time left.</summary>
    public static Progress Progress() =>
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn());

    /// <summary>Prints "error: <paramref name="line"/>", the line taken literally (brackets in paths are not markup).</summary>
    public static void Error(string line) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(line)}");
}
