using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SparshRobotMsgs;

/// <summary>
/// <c>sparsh_robot_msgs/msg/FingerContact</c>: one fingertip's estimated tactile state, in the pad frame (x along image
/// columns, y along image rows, millimetres from the pad centre; forces in newtons). <see cref="Health"/> is one of
/// the HEALTH constants, in the order of the control layer's FrameHealth.
/// </summary>
public sealed record FingerContact(
    Header Header,
    byte Finger,
    bool Contact,
    double AreaMm2,
    double OffsetXMm,
    double OffsetYMm,
    double AngleRad,
    double NormalForce,
    double ShearX,
    double ShearY,
    double SlipProbability,
    double SlipSeverity,
    double Confidence,
    byte Health) : IRosMessage<FingerContact>
{
    public const byte FingerThumb = 0;
    public const byte FingerIndex = 1;

    public const byte HealthOk = 0;
    public const byte HealthNoFrame = 1;
    public const byte HealthStale = 2;
    public const byte HealthFrozen = 3;
    public const byte HealthImplausible = 4;

    public static string TypeName => "sparsh_robot_msgs/msg/FingerContact";

    public static string Definition =>
        "uint8 FINGER_THUMB=0\nuint8 FINGER_INDEX=1\n" +
        "uint8 HEALTH_OK=0\nuint8 HEALTH_NO_FRAME=1\nuint8 HEALTH_STALE=2\nuint8 HEALTH_FROZEN=3\nuint8 HEALTH_IMPLAUSIBLE=4\n\n" +
        "std_msgs/Header header\nuint8 finger\nbool contact\nfloat64 area_mm2\nfloat64 offset_x_mm\nfloat64 offset_y_mm\n" +
        "float64 angle_rad\nfloat64 normal_force\nfloat64 shear_x\nfloat64 shear_y\nfloat64 slip_probability\n" +
        "float64 slip_severity\nfloat64 confidence\nuint8 health\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteByte(Finger);
        writer.WriteBool(Contact);
        writer.WriteFloat64(AreaMm2);
        writer.WriteFloat64(OffsetXMm);
        writer.WriteFloat64(OffsetYMm);
        writer.WriteFloat64(AngleRad);
        writer.WriteFloat64(NormalForce);
        writer.WriteFloat64(ShearX);
        writer.WriteFloat64(ShearY);
        writer.WriteFloat64(SlipProbability);
        writer.WriteFloat64(SlipSeverity);
        writer.WriteFloat64(Confidence);
        writer.WriteByte(Health);
    }

    public static FingerContact Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        reader.ReadByte("FingerContact.finger"),
        reader.ReadBool("FingerContact.contact"),
        reader.ReadFloat64("FingerContact.area_mm2"),
        reader.ReadFloat64("FingerContact.offset_x_mm"),
        reader.ReadFloat64("FingerContact.offset_y_mm"),
        reader.ReadFloat64("FingerContact.angle_rad"),
        reader.ReadFloat64("FingerContact.normal_force"),
        reader.ReadFloat64("FingerContact.shear_x"),
        reader.ReadFloat64("FingerContact.shear_y"),
        reader.ReadFloat64("FingerContact.slip_probability"),
        reader.ReadFloat64("FingerContact.slip_severity"),
        reader.ReadFloat64("FingerContact.confidence"),
        reader.ReadByte("FingerContact.health"));
}
