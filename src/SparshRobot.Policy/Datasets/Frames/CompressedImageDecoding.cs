using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Compression;

namespace SparshRobot.Policy.Datasets.Frames;

/// <summary>
/// The one way a JPEG/PNG <c>sensor_msgs/CompressedImage</c> becomes tactile pixels, shared by the live subscription
/// and the dataset builder so a deployed policy sees exactly the pixels it was trained on. The counterpart of
/// <see cref="JpegFrameEncoder"/>.
/// </summary>
public static class CompressedImageDecoding
{
    /// <summary>
    /// The payload decoded as BGR, as <see cref="RawImage.Decode"/> decodes an image file (EXIF orientation ignored).
    /// Callers turn it into a frame with <see cref="RawImage.ToFrame"/> once they know its sequence number.
    /// </summary>
    /// <param name="source">Where the message came from (topic, message index), for the error message.</param>
    /// <exception cref="InvalidDataException">The payload does not decode; the message names <paramref name="source"/> and the format.</exception>
    public static RawImage DecodePixels(this CompressedImage message, string source) =>
        RawImage.Decode(message.Data.Span, $"{source} ({message.Format})");
}
