using System.CommandLine;

namespace SparshRobot.Cli.Commands;

// LOCAL ONLY - not committed
public static class BenchCommand
{
    public static Command Create()
    {
        var c = new Command("bench", "benchmarks");
        c.Subcommands.Add(Bench.DdsBench.Create());
        c.Subcommands.Add(Bench.DdsSoakBench.Create());
        return c;
    }
}
