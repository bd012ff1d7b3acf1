using SparshRobot.Cli;

return await SparshCli.Build().Parse(args).InvokeAsync();
