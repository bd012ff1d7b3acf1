using SparshRobot.Ros.Messages;

namespace SparshRobot.Ros.Tests.Messages.TypeHashes;

/// <summary>
/// ROS 2 Jazzy interface definitions (ros2/rcl_interfaces, ros2/unique_identifier_msgs, ros2/example_interfaces,
/// ros-controls/control_msgs, jazzy branches; Humble's are the same) as shipped, constants and defaults included, most
/// comments left out. std_msgs and builtin_interfaces come from the built-in registry.
/// </summary>
internal static class JazzyInterfaces
{
    public const string ParameterValue = """
        # The type of this parameter, which corresponds to the appropriate field below.
        uint8 type
        bool bool_value
        int64 integer_value
        float64 double_value
        string string_value
        byte[] byte_array_value
        bool[] bool_array_value
        int64[] integer_array_value
        float64[] double_array_value
        string[] string_array_value
        """;

    public const string ParameterDescriptor = """
        string name
        uint8 type
        string description
        string additional_constraints
        bool read_only false
        bool dynamic_typing false
        FloatingPointRange[<=1] floating_point_range
        IntegerRange[<=1] integer_range
        """;

    public const string GoalStatus = """
        int8 STATUS_UNKNOWN   = 0
        int8 STATUS_ACCEPTED  = 1
        int8 STATUS_EXECUTING = 2
        int8 STATUS_CANCELING = 3
        int8 STATUS_SUCCEEDED = 4
        int8 STATUS_CANCELED  = 5
        int8 STATUS_ABORTED   = 6

        GoalInfo goal_info
        int8 status
        """;

    public const string ListParameters = """
        # Recursively get parameters with unlimited depth.
        uint64 DEPTH_RECURSIVE=0

        string[] prefixes
        uint64 depth
        ---
        ListParametersResult result
        """;

    public const string GetParameters = "string[] names\n---\nParameterValue[] values\n";
    public const string SetParameters = "Parameter[] parameters\n---\nSetParametersResult[] results\n";
    public const string SetParametersAtomically = "Parameter[] parameters\n---\nSetParametersResult result\n";
    public const string DescribeParameters = "string[] names\n---\nParameterDescriptor[] descriptors\n";
    public const string GetParameterTypes = "string[] names\n---\nuint8[] types\n";

    public const string CancelGoal = """
        GoalInfo goal_info
        ---
        int8 ERROR_NONE=0
        int8 ERROR_REJECTED=1
        int8 ERROR_UNKNOWN_GOAL_ID=2
        int8 ERROR_GOAL_TERMINATED=3

        int8 return_code
        GoalInfo[] goals_canceling
        """;

    public const string AddTwoInts = "int64 a\nint64 b\n---\nint64 sum\n";

    public const string Fibonacci = """
        # Goal
        int32 order
        ---
        # Result
        int32[] sequence
        ---
        # Feedback
        int32[] sequence
        """;

    public const string GripperCommand = """
        GripperCommand command
        ---
        float64 position  # The current gripper gap size (in meters)
        float64 effort    # The current effort exerted (in Newtons)
        bool stalled      # True iff the gripper is exerting max effort and not moving
        bool reached_goal # True iff the gripper position has reached the commanded setpoint
        ---
        float64 position  # The current gripper gap size (in meters)
        float64 effort    # The current effort exerted (in Newtons)
        bool stalled      # True iff the gripper is exerting max effort and not moving
        bool reached_goal # True iff the gripper position has reached the commanded setpoint
        """;

    /// <summary>The built-in types plus every message the services and actions above refer to.</summary>
    public static MessageRegistry Registry()
    {
        var registry = MessageRegistry.CreateDefault();
        registry.RegisterDefinition("rcl_interfaces/msg/ParameterValue", ParameterValue);
        registry.RegisterDefinition("rcl_interfaces/msg/Parameter", "string name\nParameterValue value\n");
        registry.RegisterDefinition("rcl_interfaces/msg/ParameterEvent", """
            builtin_interfaces/Time stamp
            string node
            Parameter[] new_parameters
            Parameter[] changed_parameters
            Parameter[] deleted_parameters
            """);
        registry.RegisterDefinition("rcl_interfaces/msg/FloatingPointRange", "float64 from_value\nfloat64 to_value\nfloat64 step\n");
        registry.RegisterDefinition("rcl_interfaces/msg/IntegerRange", "int64 from_value\nint64 to_value\nuint64 step\n");
        registry.RegisterDefinition("rcl_interfaces/msg/ParameterDescriptor", ParameterDescriptor);
        registry.RegisterDefinition("rcl_interfaces/msg/ListParametersResult", "string[] names\nstring[] prefixes\n");
        registry.RegisterDefinition("rcl_interfaces/msg/SetParametersResult", "bool successful\nstring reason\n");
        registry.RegisterDefinition("unique_identifier_msgs/msg/UUID", "uint8[16] uuid\n");
        registry.RegisterDefinition("action_msgs/msg/GoalInfo", "unique_identifier_msgs/UUID goal_id\nbuiltin_interfaces/Time stamp\n");
        registry.RegisterDefinition("action_msgs/msg/GoalStatus", GoalStatus);
        registry.RegisterDefinition("action_msgs/msg/GoalStatusArray", "GoalStatus[] status_list\n");
        registry.RegisterDefinition("control_msgs/msg/GripperCommand", "float64 position\nfloat64 max_effort\n");
        return registry;
    }
}
