using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages;

/// <summary>CDR helpers for sequences shared by the typed codecs (a uint32 count, then the elements).</summary>
public static class MessageSequence
{
    public static void Write<T>(CdrWriter writer, IReadOnlyList<T> items)
        where T : IRosMessage<T>
    {
        writer.WriteSequenceLength(items.Count);
        foreach (var item in items)
        {
            item.Serialize(writer);
        }
    }

    /// <summary>
    /// Reads a sequence of messages. <paramref name="minElementSize"/> is a lower bound on one element's encoded
    /// size, used to reject a corrupt count before allocating.
    /// </summary>
    public static T[] Read<T>(ref CdrReader reader, int minElementSize, string field)
        where T : IRosMessage<T>
    {
        var count = reader.ReadSequenceLength(minElementSize, field);
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = T.Deserialize(ref reader);
        }
        return items;
    }

    /// <summary>A bounded sequence (<c>T[&lt;=N]</c>): as <see cref="Write{T}"/>, after checking the count.</summary>
    public static void WriteBounded<T>(CdrWriter writer, IReadOnlyList<T> items, int bound, string field)
        where T : IRosMessage<T>
    {
        if (items.Count > bound)
        {
            throw new ArgumentException($"{field} is a {T.TypeName}[<={bound}] and takes at most {bound} elements, got {items.Count}");
        }
        Write(writer, items);
    }

    /// <summary>A bounded sequence (<c>T[&lt;=N]</c>): as <see cref="Read{T}"/>, rejecting a count over the bound.</summary>
    public static T[] ReadBounded<T>(ref CdrReader reader, int minElementSize, int bound, string field)
        where T : IRosMessage<T>
    {
        var start = reader.Position;
        var items = Read<T>(ref reader, minElementSize, field);
        return items.Length <= bound
            ? items
            : throw new CdrFormatException(field, start, $"sequence count {items.Length} exceeds the bound of {T.TypeName}[<={bound}]");
    }

    public static void WriteStrings(CdrWriter writer, IReadOnlyList<string> items)
    {
        writer.WriteSequenceLength(items.Count);
        foreach (var item in items)
        {
            writer.WriteString(item);
        }
    }

    public static string[] ReadStrings(ref CdrReader reader, string field)
    {
        // A string is at least its uint32 length and its NUL.
        var count = reader.ReadSequenceLength(5, field);
        var items = new string[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = reader.ReadString(field);
        }
        return items;
    }

    /// <summary>A sequence of a primitive type: count, then one aligned bulk copy.</summary>
    public static void WritePrimitives<T>(CdrWriter writer, ReadOnlySpan<T> items)
        where T : unmanaged
    {
        writer.WriteSequenceLength(items.Length);
        writer.WritePrimitiveArray(items);
    }

    /// <summary>A <c>bool[]</c>; unlike a bulk copy, a byte other than 0 or 1 is rejected.</summary>
    public static bool[] ReadBools(ref CdrReader reader, string field)
    {
        var count = reader.ReadSequenceLength(1, field);
        var start = reader.Position;
        var raw = reader.ReadBytes(count, field);
        var items = new bool[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = raw[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new CdrFormatException($"{field}[{i}]", start + i, $"bool byte {raw[i]} is neither 0 nor 1"),
            };
        }
        return items;
    }

    public static T[] ReadPrimitives<T>(ref CdrReader reader, string field)
        where T : unmanaged
    {
        var count = reader.ReadSequenceLength(System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), field);
        return reader.ReadPrimitiveArray<T>(count, field);
    }
}
