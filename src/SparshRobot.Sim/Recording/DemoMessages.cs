using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Recording;

/// <summary>A recorded payload; each subtype maps to one ROS 2 message type (see <see cref="DemoTopics"/>).</summary>
public abstract record DemoMessage;

/// <summary>sensor_msgs/Image from a DIGIT.</summary>
public sealed record TactileImageMessage(TactileFrame Frame) : DemoMessage;

/// <summary>geometry_msgs/PoseStamped (frame_id world).</summary>
public sealed record PoseMessage(Pose3 Pose) : DemoMessage;

/// <summary>geometry_msgs/TwistStamped (frame_id world).</summary>
public sealed record TwistMessage(Twist Twist) : DemoMessage;

/// <summary>Measured and commanded pinch force, and the fingertips' midpoint along the pinch axis.</summary>
public sealed record GripForceMessage(double Force, double Target, double FingerOffset) : DemoMessage;

/// <summary>std_msgs/Float64 pinch force target.</summary>
public sealed record GripTargetMessage(double Target) : DemoMessage;

/// <summary>The simulator's ground truth.</summary>
public sealed record GroundTruthMessage(GroundTruth Truth) : DemoMessage;
