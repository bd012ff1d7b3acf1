using System.CommandLine;

namespace SparshRobot.Cli.Commands;

// LOCAL ONLY, not committed.
public static class BenchCommand
{
    public static Command Create()
    {
        var c = new Command("bench", "benchmarks");
        c.Subcommands.Add(Bench.BagBench.Create());
        return c;
    }
}
