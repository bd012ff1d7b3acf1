using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Ros.Bags;

/// <summary>
/// Decodes bag messages into field trees: with the <c>ros2msg</c> schema the bag embeds (MCAP bags) when there is
/// one, else with the built-in message registry (sqlite3 bags of Humble carry no definitions). One decoder per
/// connection is built once and reused.
/// </summary>
public sealed class BagMessageDecoder(MessageRegistry? registry = null)
{
    private readonly MessageRegistry _registry = registry ?? MessageRegistry.Default;
    private readonly Dictionary<BagConnection, DynamicMessageDecoder> _decoders = [];

    public OrderedDictionary<string, object?> Decode(BagMessage message) => DecoderFor(message.Connection).Decode(message.Data.Span);

    public DynamicMessageDecoder DecoderFor(BagConnection connection)
    {
        if (_decoders.TryGetValue(connection, out var decoder))
        {
            return decoder;
        }
        if (connection.SchemaEncoding == "ros2msg" && !string.IsNullOrWhiteSpace(connection.SchemaText))
        {
            decoder = DynamicMessageDecoder.FromSchema(connection.Type, connection.SchemaText, _registry);
        }
        else if (_registry.TryGet(connection.Type, out _))
        {
            decoder = DynamicMessageDecoder.ForType(connection.Type, _registry);
        }
        else
        {
            throw new InvalidDataException(
                $"topic '{connection.Name}' has type '{connection.Type}': the bag embeds no ros2msg schema for it and the type is not built in; " +
                "record it as MCAP (which embeds schemas) or register its definition");
        }
        _decoders[connection] = decoder;
        return decoder;
    }
}
