using OpenCvSharp;

namespace SparshRobot.Cli.Doctor;

/// <summary>Loads OpenCV and, when given an image, decodes it the way capture sources will.</summary>
public sealed class OpenCvCheck(FileInfo? image) : IDoctorCheck
{
    private const string Fix = "sudo apt-get install -y libgtk-3-0   (or ./scripts/setup.sh)";

    public string Name => "OpenCV (OpenCvSharp)";

    public bool Required => true;

    public CheckResult Run()
    {
        string version;
        try
        {
            version = Cv2.GetVersionString() ?? "(unknown version)";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return CheckResult.Failed(Name, Fix, (e.InnerException ?? e).Message);
        }
        var details = new List<string> { $"OpenCV {version}" };
        if (image is null)
        {
            details.Add("no --image given; decode not tried");
            return new CheckResult(Name, CheckStatus.Ok, details);
        }
        if (!image.Exists)
        {
            return CheckResult.Failed(Name, "pass an existing image file to --image", $"{image.FullName}: file not found");
        }
        using var mat = Cv2.ImRead(image.FullName, ImreadModes.Color);
        if (mat.Empty())
        {
            return CheckResult.Failed(Name, "pass a JPEG or PNG image to --image", $"{image.FullName}: OpenCV could not decode it");
        }
        details.Add($"decoded {image.Name}: {mat.Height} high x {mat.Width} wide, {mat.Channels()} channels");
        return new CheckResult(Name, CheckStatus.Ok, details);
    }
}
