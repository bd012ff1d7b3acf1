using System.CommandLine;
using SparshRobot.Cli.Commands;

namespace SparshRobot.Cli;

/// <summary>The <c>sparsh-robot</c> command tree. Each command group lives in its own file under Commands/.</summary>
public static class SparshCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("SparshRobot: Sparsh touch features, ROS 2 nodes and the bead-maze simulator.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(TactileCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(BagCommand.Create());
        root.Subcommands.Add(EncoderCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(TacBenchCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(MazeCommand.Create());
        root.Subcommands.Add(LaunchCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(TopicCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(ServiceCommand.Create());
        root.Subcommands.Add(ParamCommand.Create());
        root.Subcommands.Add(ActionCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        root.Subcommands.Add(PipelineCommand.Create());
        return root;
    }
}
