using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.MoveitMsgs;

namespace SparshRobot.Control.Ros.Robot.Stack;

/// <summary>How a Servo status bears on the arm: a halt stops motion and is a recovery trigger; a deceleration only scales it.</summary>
public enum ServoSeverity
{
    Normal,
    Decelerate,
    Halt,

    /// <summary>Servo rejected its input (code -1), or sent a code this client does not know.</summary>
    Invalid,
}

/// <summary>A change of MoveIt Servo's <c>~/status</c>.</summary>
/// <param name="Text">Servo's own message (Jazzy) or the text its code stands for (Humble sends only the code).</param>
public sealed record ServoStatusEvent(sbyte Code, string Text, ServoSeverity Severity)
{
    public bool IsHalt => Severity == ServoSeverity.Halt;

    /// <summary>
    /// Reads a status code as <paramref name="distro"/>'s Servo means it: Humble's <c>moveit_servo/status_codes.h</c>
    /// and Jazzy's <c>moveit_msgs/ServoStatus</c> order the codes differently from 3 on.
    /// </summary>
    public static ServoStatusEvent From(InterfaceDistro distro, sbyte code, string message = "")
    {
        var table = distro == InterfaceDistro.Humble ? HumbleCodes : JazzyCodes;
        var (severity, text) = table.TryGetValue(code, out var known) ? known : (ServoSeverity.Invalid, $"unknown Servo status code {code}");
        return new(code, message.Length > 0 ? message : text, severity);
    }

    private const string Approaching = "Moving closer to a singularity, decelerating";
    private const string SingularityHalt = "Very close to a singularity, emergency stop";
    private const string Leaving = "Moving away from a singularity, decelerating";
    private const string CollisionSlow = "Close to a collision, decelerating";
    private const string CollisionHalt = "Collision detected, emergency stop";
    private const string JointBound = "Close to a joint bound (position or velocity), halting";

    private static readonly Dictionary<sbyte, (ServoSeverity, string)> HumbleCodes = new()
    {
        [-1] = (ServoSeverity.Invalid, "Invalid"),
        [0] = (ServoSeverity.Normal, "No warnings"),
        [1] = (ServoSeverity.Decelerate, Approaching),
        [2] = (ServoSeverity.Halt, SingularityHalt),
        [3] = (ServoSeverity.Decelerate, CollisionSlow),
        [4] = (ServoSeverity.Halt, CollisionHalt),
        [5] = (ServoSeverity.Halt, JointBound),
        [6] = (ServoSeverity.Decelerate, Leaving),
        [7] = (ServoSeverity.Normal, "Paused"),
    };

    private static readonly Dictionary<sbyte, (ServoSeverity, string)> JazzyCodes = new()
    {
        [ServoStatus.Invalid] = (ServoSeverity.Invalid, "Invalid"),
        [ServoStatus.NoWarning] = (ServoSeverity.Normal, "No warnings"),
        [ServoStatus.DecelerateForApproachingSingularity] = (ServoSeverity.Decelerate, Approaching),
        [ServoStatus.HaltForSingularity] = (ServoSeverity.Halt, SingularityHalt),
        [ServoStatus.DecelerateForLeavingSingularity] = (ServoSeverity.Decelerate, Leaving),
        [ServoStatus.DecelerateForCollision] = (ServoSeverity.Decelerate, CollisionSlow),
        [ServoStatus.HaltForCollision] = (ServoSeverity.Halt, CollisionHalt),
        [ServoStatus.JointBound] = (ServoSeverity.Halt, JointBound),
    };
}
