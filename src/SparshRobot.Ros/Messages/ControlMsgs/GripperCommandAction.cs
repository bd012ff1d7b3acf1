using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControlMsgs;

// control_msgs/action/GripperCommand (GripperActionController's ~/gripper_cmd). Result and Feedback are two ROS
// types with the same fields, so they are two records.

/// <summary><c>control_msgs/action/GripperCommand_Goal</c>.</summary>
public sealed record GripperCommandGoal(GripperCommand Command) : IRosMessage<GripperCommandGoal>
{
    public static string TypeName => "control_msgs/action/GripperCommand_Goal";

    public static string Definition => "GripperCommand command\n";

    public void Serialize(CdrWriter writer) => Command.Serialize(writer);

    public static GripperCommandGoal Deserialize(ref CdrReader reader) => new(GripperCommand.Deserialize(ref reader));
}

/// <summary><c>control_msgs/action/GripperCommand_Result</c>: where the gripper ended up and why it stopped.</summary>
public sealed record GripperCommandResult(double Position, double Effort, bool Stalled, bool ReachedGoal) : IRosMessage<GripperCommandResult>
{
    public static string TypeName => "control_msgs/action/GripperCommand_Result";

    public static string Definition => "float64 position\nfloat64 effort\nbool stalled\nbool reached_goal\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(Position);
        writer.WriteFloat64(Effort);
        writer.WriteBool(Stalled);
        writer.WriteBool(ReachedGoal);
    }

    public static GripperCommandResult Deserialize(ref CdrReader reader) => new(
        reader.ReadFloat64("GripperCommand_Result.position"),
        reader.ReadFloat64("GripperCommand_Result.effort"),
        reader.ReadBool("GripperCommand_Result.stalled"),
        reader.ReadBool("GripperCommand_Result.reached_goal"));
}

/// <summary><c>control_msgs/action/GripperCommand_Feedback</c>: the gripper's state while it moves.</summary>
public sealed record GripperCommandFeedback(double Position, double Effort, bool Stalled, bool ReachedGoal) : IRosMessage<GripperCommandFeedback>
{
    public static string TypeName => "control_msgs/action/GripperCommand_Feedback";

    public static string Definition => GripperCommandResult.Definition;

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(Position);
        writer.WriteFloat64(Effort);
        writer.WriteBool(Stalled);
        writer.WriteBool(ReachedGoal);
    }

    public static GripperCommandFeedback Deserialize(ref CdrReader reader) => new(
        reader.ReadFloat64("GripperCommand_Feedback.position"),
        reader.ReadFloat64("GripperCommand_Feedback.effort"),
        reader.ReadBool("GripperCommand_Feedback.stalled"),
        reader.ReadBool("GripperCommand_Feedback.reached_goal"));
}
