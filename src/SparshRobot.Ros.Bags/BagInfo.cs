using System.Globalization;
using System.Text;

namespace SparshRobot.Ros.Bags;

/// <summary>The text <c>ros2 bag info</c> prints (rosbag2_py/_info, Jazzy layout with nanosecond times).</summary>
public static class BagInfo
{
    public static string Format(RosBag bag, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Local;
        var sb = new StringBuilder();
        const string pad = "                   ";
        sb.AppendLine();
        var files = bag.Files.Select(f => Path.GetFileName(f.Path)).ToList();
        sb.Append("Files:             ").AppendLine(string.Join("\n" + pad, files));
        sb.Append("Bag size:          ").AppendLine(FileSize(bag.SizeBytes));
        sb.Append("Storage id:        ").AppendLine(bag.StorageId);
        if (bag.Metadata is { RosDistro.Length: > 0 } m)
        {
            sb.Append("ROS Distro:        ").AppendLine(m.RosDistro);
        }

        sb.Append("Duration:          ").AppendLine(Seconds(bag.DurationNs) + "s");
        sb.Append("Start:             ").AppendLine(Time(bag.StartNs, zone));
        sb.Append("End:               ").AppendLine(Time(bag.EndNs, zone));
        sb.Append("Messages:          ").AppendLine(bag.MessageCount.ToString(CultureInfo.InvariantCulture));
        var topics = bag.Topics;
        sb.Append("Topic information: ");
        for (int i = 0; i < topics.Count; i++)
        {
            var t = topics[i];
            sb.Append(i == 0 ? "" : pad).Append(CultureInfo.InvariantCulture,
                $"Topic: {t.Topic.Name} | Type: {t.Topic.Type} | Count: {t.MessageCount} | Serialization Format: {t.Topic.SerializationFormat}");
            sb.AppendLine();
        }

        if (topics.Count == 0)
        {
            sb.AppendLine();
        }

        foreach (var w in bag.Warnings)
        {
            sb.Append("Warning:           ").AppendLine(w);
        }

        return sb.ToString();
    }

    /// <summary>rosbag2's format_file_size: 1024 steps, one decimal except for bytes.</summary>
    public static string FileSize(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double size = bytes;
        int index = 0;
        while (size >= 1024 && index < units.Length - 1)
        {
            size /= 1024;
            index++;
        }

        return size.ToString(index == 0 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[index];
    }

    private static string Seconds(long ns) =>
        (ns / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "." +
        (ns % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

    private static string Time(long ns, TimeZoneInfo zone)
    {
        var utc = DateTime.UnixEpoch.AddTicks(ns / 100);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        // std::put_time "%b %e %Y %H:%M:%S": day padded with a space.
        string day = local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2);
        string frac = (ns % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
        return $"{local.ToString("MMM", CultureInfo.InvariantCulture)} {day} {local.ToString("yyyy HH:mm:ss", CultureInfo.InvariantCulture)}.{frac} ({Seconds(ns)})";
    }
}
