using SparshRobot.Core.IO;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Tactile.Calibration;

/// <summary>
/// The YAML sidecar written beside <c>background.png</c>. <see cref="ChannelMean"/> and <see cref="ChannelStd"/> were
/// added later: sidecars without them still load, and the live-statistics check is then skipped.
/// </summary>
public sealed class BackgroundMetadata
{
    /// <summary>The sensor type and capture mode (a <see cref="SensorProfile"/> name: digit, gelsight-mini, ...).</summary>
    public string Profile { get; set; } = "";

    public string SensorSerial { get; set; } = "";

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>The PNG holds true colours; in memory backgrounds are RGB.</summary>
    public string ColorOrder { get; set; } = "rgb";

    public DateTime CapturedUtc { get; set; }

    public int FrameCount { get; set; }

    /// <summary>Mean per-pixel temporal standard deviation over the calibration frames, grey levels.</summary>
    public double NoiseStd { get; set; }

    public string Source { get; set; } = "";

    /// <summary>Per-channel mean of the background image, grey levels, RGB order.</summary>
    public List<double>? ChannelMean { get; set; }

    /// <summary>Per-channel standard deviation over the background image's pixels, grey levels, RGB order.</summary>
    public List<double>? ChannelStd { get; set; }

    /// <summary>The image statistics, when the sidecar has them.</summary>
    [YamlIgnore]
    public ImageStatistics? Statistics => ChannelMean is { } mean && ChannelStd is { } std ? new ImageStatistics(mean, std) : null;
}

/// <summary>Stores and reloads calibrated backgrounds as <c>&lt;root&gt;/&lt;sensor-serial&gt;/background.png</c> + <c>background.yaml</c>.</summary>
public static class BackgroundStore
{
    public const string ImageName = "background.png";
    public const string SidecarName = "background.yaml";

    public static string DirectoryFor(string calibrationRoot, string sensorSerial)
    {
        if (string.IsNullOrWhiteSpace(sensorSerial) || sensorSerial.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || sensorSerial is "." or "..")
        {
            throw new ArgumentException($"sensor serial '{sensorSerial}' cannot be used as a folder name", nameof(sensorSerial));
        }
        return Path.Combine(calibrationRoot, sensorSerial);
    }

    /// <summary>Writes the background and its sidecar; returns the folder.</summary>
    public static string Save(string calibrationRoot, string sensorSerial, CalibrationResult result, string source, DateTime capturedUtc)
    {
        var dir = DirectoryFor(calibrationRoot, sensorSerial);
        Directory.CreateDirectory(dir);
        var bg = result.Background;
        var statistics = ImageStatistics.OfRgb(bg.Rgb);
        new RawImage(bg.Width, bg.Height, PixelEncoding.Rgb8, bg.Rgb).Write(Path.Combine(dir, ImageName));
        var meta = new BackgroundMetadata
        {
            Profile = bg.ProfileName,
            SensorSerial = sensorSerial,
            Width = bg.Width,
            Height = bg.Height,
            CapturedUtc = capturedUtc,
            FrameCount = result.FrameCount,
            NoiseStd = Math.Round(result.NoiseStd, 4),
            Source = source,
            ChannelMean = [.. statistics.Mean.Select(v => Math.Round(v, 3))],
            ChannelStd = [.. statistics.Std.Select(v => Math.Round(v, 3))],
        };
        var yaml = new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Serialize(meta);
        File.WriteAllText(Path.Combine(dir, SidecarName), yaml);
        return dir;
    }

    /// <summary>
    /// Loads the background in <paramref name="directory"/> for a sensor of <paramref name="profile"/> delivering
    /// frames of its sensor-frame size; a different profile or size is a <see cref="BackgroundMismatchException"/>.
    /// </summary>
    public static (BackgroundImage Background, BackgroundMetadata Metadata) Load(string directory, SensorProfile profile)
    {
        var (w, h) = profile.SensorFrameSize;
        return Load(directory, profile, w, h);
    }

    public static (BackgroundImage Background, BackgroundMetadata Metadata) Load(string directory, SensorProfile profile, int width, int height)
    {
        var sidecar = Path.Combine(directory, SidecarName);
        var png = Path.Combine(directory, ImageName);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException($"{sidecar}: calibration sidecar missing; run 'sparsh-robot calibrate background'", sidecar);
        }
        var meta = ReadSidecar(sidecar);
        var image = RawImage.Read(png);
        if (image.Width != meta.Width || image.Height != meta.Height)
        {
            throw new InvalidDataException($"{png} is {image.Width}x{image.Height} but {sidecar} says width {meta.Width}, height {meta.Height}");
        }
        var background = new BackgroundImage(meta.Profile, image.Width, image.Height, image.ToRgb());
        background.EnsureMatches(profile, width, height, directory);
        return (background, meta);
    }

    /// <summary>
    /// Parses a sidecar through <see cref="YamlConfig"/> (an unknown key or a value of the wrong type is refused with
    /// its line) and checks it; every error names the file and the field and what was expected.
    /// </summary>
    public static BackgroundMetadata ReadSidecar(string sidecar)
    {
        var meta = YamlConfig.Parse<BackgroundMetadata>(File.ReadAllText(sidecar), sidecar)
            ?? throw new InvalidDataException($"{sidecar}: empty file; expected a background sidecar");
        if (string.IsNullOrWhiteSpace(meta.Profile))
        {
            throw new InvalidDataException($"{sidecar}: field 'profile' is missing; expected a sensor profile name such as digit");
        }
        if (meta.Width <= 0 || meta.Height <= 0)
        {
            throw new InvalidDataException($"{sidecar}: fields 'width' and 'height' are {meta.Width} and {meta.Height}; expected the background's size in pixels");
        }
        foreach (var (name, values) in new[] { ("channel_mean", meta.ChannelMean), ("channel_std", meta.ChannelStd) })
        {
            if (values is not null && (values.Count != 3 || values.Any(v => !double.IsFinite(v) || v < 0 || v > 255)))
            {
                throw new InvalidDataException($"{sidecar}: field '{name}' is [{string.Join(", ", values)}]; expected three grey levels in [0, 255] (R, G, B)");
            }
        }
        if ((meta.ChannelMean is null) != (meta.ChannelStd is null))
        {
            throw new InvalidDataException($"{sidecar}: has only one of 'channel_mean' and 'channel_std'; expected both or neither");
        }
        return meta;
    }

    /// <summary>Reads any image file as a background for <paramref name="profile"/> (e.g. a recorded no-contact frame).</summary>
    public static BackgroundImage FromImageFile(string path, SensorProfile profile)
    {
        var image = RawImage.Read(path);
        var (w, h) = profile.SensorFrameSize;
        if (image.Width != w || image.Height != h)
        {
            throw new BackgroundMismatchException($"{path} is {image.Width}x{image.Height} (WxH); profile '{profile.Name}' sensor frames are {w}x{h}");
        }
        return new BackgroundImage(profile.Name, w, h, image.ToRgb());
    }
}
