using SparshRobot.Cli.Output;
using Spectre.Console;

namespace SparshRobot.Cli.Tests.Output;

[NonParallelizable]
public class CliConsoleTests
{
    [Test]
    public void AnErrorLineIsPrintedLiterallyAfterItsPrefix()
    {
        var text = Captured(() => CliConsole.Error("cannot read [runs]/a.yaml: line 2"));
        Assert.That(text.Trim(), Is.EqualTo("error: cannot read [runs]/a.yaml: line 2"));
    }

    [Test]
    public void TheProgressShowsTheTaskItsPercentageAndTheTimeLeft()
    {
        // A live display draws only on an interactive terminal; this one is, and writes into a string.
        var writer = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        terminal.Profile.Width = 120;
        Captured(terminal, () => CliConsole.Progress().Start(ctx => ctx.AddTask("recording touch", maxValue: 4).Increment(4)));
        // Description, bar, percentage and remaining time, in that order on the task's line.
        Assert.That(writer.ToString(), Does.Match(@"recording touch .*━+.*100%.*\d:\d\d:\d\d"));
    }

    private static string Captured(System.Action action)
    {
        var console = new ConsoleCapture();
        Captured(console.Console, action);
        return console.Text;
    }

    private static void Captured(IAnsiConsole console, System.Action action)
    {
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            action();
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }
}
