using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Tactile.Calibration;

/// <summary>The YAML sidecar written beside <c>background.png</c>.</summary>
public sealed class BackgroundMetadata
{
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
        BackgroundMetadata meta;
        try
        {
            meta = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<BackgroundMetadata>(File.ReadAllText(sidecar)) ?? throw new InvalidDataException($"{sidecar}: empty file");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{sidecar}: not a background sidecar ({e.Message})", e);
        }
        var image = RawImage.Read(png);
        if (image.Width != meta.Width || image.Height != meta.Height)
        {
            throw new InvalidDataException($"{png} is {image.Width}x{image.Height} but {sidecar} says width {meta.Width}, height {meta.Height}");
        }
        var background = new BackgroundImage(meta.Profile, image.Width, image.Height, image.ToRgb());
        background.EnsureMatches(profile, width, height, directory);
        return (background, meta);
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
