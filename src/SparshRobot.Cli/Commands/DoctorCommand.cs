using System.CommandLine;
using SparshRobot.Cli.Doctor;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot doctor</c>: loads every native dependency for real and says how to fix what fails.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var image = new Option<FileInfo?>("--image") { Description = "A tactile image (JPEG/PNG) to decode with OpenCV." };
        var domain = new Option<uint>("--domain-id")
        {
            Description = "DDS domain for the loopback participant.",
            DefaultValueFactory = _ => DefaultDomain(),
        };
        var command = new Command("doctor", "Check libtorch, OpenCV and Cyclone DDS on this machine.") { image, domain };
        command.SetAction(result =>
        {
            IDoctorCheck[] checks =
            [
                new TorchCheck(),
                new OpenCvCheck(result.GetValue(image)),
                new CycloneDdsCheck(result.GetValue(domain)),
            ];
            return Run(checks, AnsiConsole.Console);
        });
        return command;
    }

    /// <summary>Runs the checks, prints a table, returns 1 when a required check failed.</summary>
    public static int Run(IEnumerable<IDoctorCheck> checks, IAnsiConsole console)
    {
        var table = new Table().AddColumns("Component", "Status", "Details");
        var failed = false;
        foreach (var check in checks)
        {
            var result = check.Run();
            failed |= check.Required && result.Status == CheckStatus.Failed;
            var status = result.Status switch
            {
                CheckStatus.Ok => "[green]ok[/]",
                CheckStatus.Warning => "[yellow]warning[/]",
                _ => "[red]FAILED[/]",
            };
            var details = string.Join("\n", result.Details.Select(Markup.Escape));
            if (result.Fix is { } fix)
            {
                details += $"\n[bold]fix:[/] {Markup.Escape(fix)}";
            }
            table.AddRow(Markup.Escape(result.Name), status, details);
        }
        console.Write(table);
        console.MarkupLine(failed ? "[red]Some required components are missing.[/]" : "[green]All components load.[/]");
        return failed ? 1 : 0;
    }

    private static uint DefaultDomain() =>
        uint.TryParse(Environment.GetEnvironmentVariable("ROS_DOMAIN_ID"), out var id) ? id : 0;
}
