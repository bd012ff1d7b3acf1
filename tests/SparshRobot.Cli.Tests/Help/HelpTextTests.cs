using System.CommandLine;
using System.CommandLine.Help;
using SparshRobot.Cli.Tests.Sim;

namespace SparshRobot.Cli.Tests.Help;

public class HelpTextTests
{
    /// <summary>Every command a user can see, with the words that invoke it.</summary>
    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var nested in Commands(sub, $"{path} {sub.Name}"))
            {
                yield return nested;
            }
        }
    }

    [Test]
    public void EveryCommandOptionAndArgumentSaysWhatItDoes()
    {
        var missing = new List<string>();
        foreach (var (path, command) in Commands(SparshCli.Build(), "sparsh-robot"))
        {
            if (string.IsNullOrWhiteSpace(command.Description))
            {
                missing.Add(path);
            }
            missing.AddRange(command.Options.Where(o => o is not (HelpOption or VersionOption) && !o.Hidden && string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{path} {o.Name}"));
            missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{path} <{a.Name}>"));
        }
        Assert.That(missing, Is.Empty, string.Join("\n", missing));
    }
}
