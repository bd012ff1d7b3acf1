using System.Buffers.Binary;
using System.Globalization;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Dds.Graph;

/// <summary>How wide rmw_dds_common's <c>Gid</c> is on the wire: <c>char[24]</c> in Humble, <c>char[16]</c> from Iron
/// on. The two cannot decode each other's <c>ros_discovery_info</c>, so a node announces in its distro's layout.</summary>
public enum GidLayout
{
    /// <summary>Iron, Jazzy and later: the 16-byte DDS GUID.</summary>
    IronAndLater,

    /// <summary>Humble: the GUID zero-padded to 24 bytes.</summary>
    Humble,
}

public static class GidLayouts
{
    public static int Size(this GidLayout layout) => layout == GidLayout.Humble ? 24 : 16;

    /// <summary>The layout of <c>$ROS_DISTRO</c> (the variable every ROS 2 setup script exports); Iron's when unset.</summary>
    public static GidLayout FromRosDistro(string? distro) =>
        string.Equals(distro?.Trim(), "humble", StringComparison.OrdinalIgnoreCase) ? GidLayout.Humble : GidLayout.IronAndLater;
}

/// <summary>An rmw GID: the entity's 16-byte DDS GUID (participant prefix, then entity id), as rmw_cyclonedds
/// copies it out of <c>dds_get_guid</c>.</summary>
public readonly record struct Gid(UInt128 Value)
{
    public const int GuidSize = 16;

    public static Gid FromGuid(ReadOnlySpan<byte> guid) =>
        new(BinaryPrimitives.ReadUInt128BigEndian(guid[..GuidSize]));

    public void WriteGuid(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, Value);

    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}

/// <summary>rmw_dds_common/msg/NodeEntitiesInfo: a node and the GIDs of its readers and writers.</summary>
public sealed record NodeEntitiesInfo(string Namespace, string Name, IReadOnlyList<Gid> Readers, IReadOnlyList<Gid> Writers)
{
    /// <summary>Both names are <c>string&lt;=256&gt;</c> in the message.</summary>
    public const int MaxNameLength = 256;

    public string FullyQualifiedName => Namespace.EndsWith('/') ? Namespace + Name : $"{Namespace}/{Name}";
}

/// <summary>
/// rmw_dds_common/msg/ParticipantEntitiesInfo, which every ROS 2 process publishes on the DDS topic
/// <c>ros_discovery_info</c> (no <c>rt/</c> prefix): the nodes of one DDS participant and which endpoints each owns.
/// <c>ros2 node list</c> and <c>ros2 node info</c> take node names only from it; endpoints without it are listed
/// under <c>_NODE_NAME_UNKNOWN_</c>.
/// </summary>
public sealed record ParticipantEntitiesInfo(Gid Participant, IReadOnlyList<NodeEntitiesInfo> Nodes)
{
    public const string DdsTopic = "ros_discovery_info";

    public const string DdsTypeName = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_";

    /// <summary>CDR (encapsulation header included) in <paramref name="layout"/>.</summary>
    public byte[] Serialize(GidLayout layout)
    {
        var w = new CdrWriter(64 + Nodes.Sum(n => 32 + n.Namespace.Length + n.Name.Length + (n.Readers.Count + n.Writers.Count) * 24));
        WriteGid(w, Participant, layout);
        w.WriteSequenceLength(Nodes.Count);
        foreach (var node in Nodes)
        {
            w.WriteString(Bounded(node.Namespace, "node_namespace"));
            w.WriteString(Bounded(node.Name, "node_name"));
            WriteGids(w, node.Readers, layout);
            WriteGids(w, node.Writers, layout);
        }
        return w.ToArray();
    }

    /// <summary>Decodes <paramref name="cdr"/> in <paramref name="layout"/>; a message in the other distro's layout
    /// or with bytes left over is a <see cref="CdrFormatException"/>.</summary>
    public static ParticipantEntitiesInfo Deserialize(ReadOnlySpan<byte> cdr, GidLayout layout)
    {
        var r = new CdrReader(cdr);
        var participant = ReadGid(ref r, layout);
        var nodes = new NodeEntitiesInfo[r.ReadSequenceLength(18, "node_entities_info_seq")];
        for (var i = 0; i < nodes.Length; i++)
        {
            var ns = r.ReadString("node_namespace");
            var name = r.ReadString("node_name");
            nodes[i] = new NodeEntitiesInfo(ns, name, ReadGids(ref r, layout, "reader_gid_seq"), ReadGids(ref r, layout, "writer_gid_seq"));
        }
        // Up to 3 bytes of rmw's padding to a multiple of 4 may follow.
        if (r.Remaining > 3)
        {
            throw new CdrFormatException("ParticipantEntitiesInfo", r.Position, $"{r.Remaining} bytes left unread in the {layout} gid layout");
        }
        return new ParticipantEntitiesInfo(participant, nodes);
    }

    /// <summary>Decodes either distro's layout (this process's first): a graph tool sees Humble and Jazzy peers alike.</summary>
    public static ParticipantEntitiesInfo DeserializeAnyLayout(ReadOnlySpan<byte> cdr, GidLayout preferred)
    {
        try
        {
            return Deserialize(cdr, preferred);
        }
        catch (CdrFormatException)
        {
            return Deserialize(cdr, preferred == GidLayout.Humble ? GidLayout.IronAndLater : GidLayout.Humble);
        }
    }

    private static string Bounded(string value, string field) =>
        value.Length <= NodeEntitiesInfo.MaxNameLength
            ? value
            : throw new ArgumentException($"{field} '{value}' is longer than {NodeEntitiesInfo.MaxNameLength} characters");

    private static void WriteGid(CdrWriter w, Gid gid, GidLayout layout)
    {
        Span<byte> bytes = stackalloc byte[24];
        bytes.Clear();
        gid.WriteGuid(bytes);
        w.WriteBytes(bytes[..layout.Size()]);
    }

    private static void WriteGids(CdrWriter w, IReadOnlyList<Gid> gids, GidLayout layout)
    {
        w.WriteSequenceLength(gids.Count);
        foreach (var gid in gids)
        {
            WriteGid(w, gid, layout);
        }
    }

    private static Gid ReadGid(ref CdrReader r, GidLayout layout)
    {
        var bytes = r.ReadBytes(layout.Size(), "gid");
        if (bytes[Gid.GuidSize..].ContainsAnyExcept((byte)0))
        {
            throw new CdrFormatException("gid", r.Position, "non-zero bytes after the 16-byte GUID (not the Humble layout)");
        }
        return Gid.FromGuid(bytes);
    }

    private static Gid[] ReadGids(ref CdrReader r, GidLayout layout, string field)
    {
        var gids = new Gid[r.ReadSequenceLength(layout.Size(), field)];
        for (var i = 0; i < gids.Length; i++)
        {
            gids[i] = ReadGid(ref r, layout);
        }
        return gids;
    }
}
