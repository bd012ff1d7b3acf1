using System.CommandLine;
using SparshRobot.Cli.Commands.Bench;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot bench &lt;thing&gt;</c>: performance figures, each reported with a baseline measured in the same run
/// (machines here are noisy), never as timed unit tests.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure performance against a baseline taken in the same run.");
        bench.Subcommands.Add(TactileBench.Create());
        bench.Subcommands.Add(RosMessagesBench.Create());
        bench.Subcommands.Add(BagBench.Create());
        bench.Subcommands.Add(CrcBench.Create());
        bench.Subcommands.Add(EncoderBench.Create());
        bench.Subcommands.Add(DdsBench.Create());
        bench.Subcommands.Add(DdsSoakBench.Create());
        bench.Subcommands.Add(ServiceBench.Create());
        // Both fingertips rendered with the DIGIT simulator on the real background, as in demos.
        bench.Subcommands.Add(ControlBench.Create());
        bench.Subcommands.Add(SimBench.Create(() => new DigitFrameRenderer(TactileCliSupport.LoadBackground(null, SensorProfile.Digit), seed: 0)));
        return bench;
    }
}
