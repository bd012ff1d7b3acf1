namespace SparshRobot.Tactile.Profiles;

/// <summary>
/// What a sensor's driver does to a raw camera frame before Sparsh sees it (docs/design-notes.md, "Sparsh input
/// preprocessing"). These steps run
/// in the capture source, so every <see cref="Core.Sensing.TactileFrame"/> a source delivers is a "sensor frame".
/// </summary>
public enum DeviceOrientation
{
    /// <summary>The frame is used as the camera delivers it (GelSight 2017 datasets, files already in sensor layout).</summary>
    AsCaptured,

    /// <summary>
    /// <c>digit-interface</c> <c>get_frame()</c>: <c>cv2.transpose</c> then <c>cv2.flip(·, 0)</c>, i.e. 90 degrees
    /// counter-clockwise, turning the 240x320 (HxW) UVC frame into the 320x240 portrait frame Sparsh was trained on.
    /// </summary>
    DigitInterface,

    /// <summary>Sparsh GelSight Mini demo: vertical flip, <c>cv2.resize</c> (bilinear) to 320 wide x 240 high, then 90 degrees clockwise.</summary>
    GelSightMiniDemo,
}

/// <summary>
/// A tactile sensor as Sparsh expects it: the capture mode a camera is asked for, how the driver orients it, the
/// colour order it arrives in and whether Sparsh subtracts a background for it.
/// </summary>
/// <param name="Name">Profile id used on the command line and in calibration sidecars.</param>
/// <param name="CaptureWidth">Width the camera delivers (before <see cref="Orientation"/>).</param>
/// <param name="CaptureHeight">Height the camera delivers.</param>
/// <param name="NativeFps">The sensor's frame rate; the temporal stride counts frames at this rate.</param>
/// <param name="Orientation">Driver-side geometry applied by capture sources.</param>
/// <param name="SubtractBackground">Whether Sparsh uses background-subtracted input for this sensor.</param>
/// <param name="HasMarkers">Whether the gel carries printed markers (GelSight Mini).</param>
public sealed record SensorProfile(
    string Name,
    int CaptureWidth,
    int CaptureHeight,
    double NativeFps,
    DeviceOrientation Orientation,
    bool SubtractBackground,
    bool HasMarkers)
{
    /// <summary>DIGIT at QVGA (the digit-interface default, 60 fps): already 4:3 portrait after get_frame().</summary>
    public static SensorProfile Digit { get; } = new("digit", 320, 240, 60, DeviceOrientation.DigitInterface, true, false);

    /// <summary>DIGIT at VGA, 30 fps (the rate of the Sparsh live demo and the T6 bead-maze recordings).</summary>
    public static SensorProfile DigitVga { get; } = new("digit-vga", 640, 480, 30, DeviceOrientation.DigitInterface, true, false);

    /// <summary>GelSight Mini as in the Sparsh demo (UVC 3280x2464 at 25 fps, reduced to 320x240 by the driver steps).</summary>
    public static SensorProfile GelSightMini { get; } = new("gelsight-mini", 3280, 2464, 25, DeviceOrientation.GelSightMiniDemo, true, true);

    /// <summary>GelSight 2017 (Touch and Go, ObjectFolder): 640x480 landscape frames, no background subtraction.</summary>
    public static SensorProfile GelSight2017 { get; } = new("gelsight-2017", 640, 480, 30, DeviceOrientation.AsCaptured, false, true);

    public static IReadOnlyList<SensorProfile> All { get; } = [Digit, DigitVga, GelSightMini, GelSight2017];

    /// <summary>Size of a sensor frame (after <see cref="Orientation"/>), width x height.</summary>
    public (int Width, int Height) SensorFrameSize => Orientation switch
    {
        DeviceOrientation.DigitInterface => (CaptureHeight, CaptureWidth),
        DeviceOrientation.GelSightMiniDemo => (240, 320),
        _ => (CaptureWidth, CaptureHeight),
    };

    /// <summary>Milliseconds spanned by <paramref name="strideFrames"/> frames at the native rate (5 frames: 83 ms at 60 fps, 167 ms at 30).</summary>
    public double StrideMilliseconds(int strideFrames) => strideFrames * 1000.0 / NativeFps;

    public static SensorProfile FromName(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"unknown sensor profile '{name}' (expected one of: {string.Join(", ", All.Select(p => p.Name))})");
}
