using Spectre.Console;

namespace SparshRobot.Cli.Tests;

/// <summary>A Spectre console writing plain text into a string, wide enough that tables and one-line errors naming long paths do not wrap.</summary>
internal sealed class ConsoleCapture
{
    private readonly StringWriter _writer = new();

    public ConsoleCapture()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(_writer),
            Interactive = InteractionSupport.No,
        });
        Console.Profile.Width = 1000;
    }

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}
