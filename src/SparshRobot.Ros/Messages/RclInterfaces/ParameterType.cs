using Kind = SparshRobot.Ros.Parameters.ParameterType;

namespace SparshRobot.Ros.Messages.RclInterfaces;

/// <summary>
/// <c>rcl_interfaces/msg/ParameterType</c>: only constants (the values of <see cref="Parameters.ParameterType"/>),
/// so on the wire it is the one byte of <see cref="EmptyStruct"/>.
/// </summary>
public sealed record ParameterType : EmptyMessage<ParameterType>, IRosMessage<ParameterType>
{
    public const byte ParameterNotSet = (byte)Kind.NotSet;
    public const byte ParameterBool = (byte)Kind.Bool;
    public const byte ParameterInteger = (byte)Kind.Integer;
    public const byte ParameterDouble = (byte)Kind.Double;
    public const byte ParameterString = (byte)Kind.String;
    public const byte ParameterByteArray = (byte)Kind.ByteArray;
    public const byte ParameterBoolArray = (byte)Kind.BoolArray;
    public const byte ParameterIntegerArray = (byte)Kind.IntegerArray;
    public const byte ParameterDoubleArray = (byte)Kind.DoubleArray;
    public const byte ParameterStringArray = (byte)Kind.StringArray;

    public static string TypeName => "rcl_interfaces/msg/ParameterType";

    public static string Definition =>
        "uint8 PARAMETER_NOT_SET=0\nuint8 PARAMETER_BOOL=1\nuint8 PARAMETER_INTEGER=2\nuint8 PARAMETER_DOUBLE=3\nuint8 PARAMETER_STRING=4\n"
        + "uint8 PARAMETER_BYTE_ARRAY=5\nuint8 PARAMETER_BOOL_ARRAY=6\nuint8 PARAMETER_INTEGER_ARRAY=7\nuint8 PARAMETER_DOUBLE_ARRAY=8\n"
        + "uint8 PARAMETER_STRING_ARRAY=9\n";
}
