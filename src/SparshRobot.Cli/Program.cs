using SparshRobot.Cli;
using Spectre.Console;

// Redirected output goes to logs and CI, where wrapping at a guessed 80 columns only breaks lines apart.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240;
}

return await SparshCli.Build().Parse(args).InvokeAsync();
