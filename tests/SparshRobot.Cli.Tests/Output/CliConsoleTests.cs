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
        var text = Drawn(() => CliConsole.Progress());
        // Description, bar, percentage and remaining time, in that order on the task's line.
        Assert.That(text, Does.Match(@"recording touch .*━+.*100%.*\d:\d\d:\d\d"));
        Assert.That(text, Does.Not.Match(@"\d:\d\d:\d\d.*\d:\d\d:\d\d"), "one time column only");
    }

    [Test]
    public void TheProgressOfALongRunAlsoShowsTheTimeSpent()
    {
        // Elapsed, then remaining time after the percentage.
        Assert.That(Drawn(() => CliConsole.Progress(elapsed: true)), Does.Match(@"recording touch .*100%.*\d:\d\d:\d\d.*\d:\d\d:\d\d"));
    }

    /// <summary>What the display <paramref name="progress"/> makes (on the console then current) draws for one finished task.</summary>
    private static string Drawn(Func<Progress> progress)
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
        Captured(terminal, () => progress().Start(ctx => ctx.AddTask("recording touch", maxValue: 4).Increment(4)));
        return writer.ToString();
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
