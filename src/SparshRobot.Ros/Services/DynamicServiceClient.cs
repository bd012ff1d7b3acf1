using System.Collections;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.Services;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Services;

/// <summary>
/// A client of any service type a <see cref="MessageRegistry"/> knows, without compiled types: requests are field
/// values (as <see cref="MessageYaml.ParseValues"/> gives them, missing fields defaulted), replies come back as
/// field trees (for <see cref="MessageYaml.ToYaml"/>). Used by <c>service call</c>.
/// </summary>
public sealed class DynamicServiceClient : ServiceClientBase<OrderedDictionary<string, object?>>
{
    private readonly DynamicMessageEncoder _encoder;
    private readonly DynamicMessageDecoder _decoder;

    internal DynamicServiceClient(RosNode node, string service, RosServiceType type, MessageRegistry registry, QosProfile qos, Action<IDisposable> onDispose)
        : base(node, service, type.Name, type.RequestType, type.ResponseType, qos, onDispose)
    {
        _encoder = DynamicMessageEncoder.ForType(type.RequestType, registry);
        _decoder = DynamicMessageDecoder.ForType(type.ResponseType, registry);
    }

    /// <summary>
    /// Sends a request with these field values and waits for the reply (timeout and cancellation as in
    /// <see cref="ServiceClient{TRequest,TResponse}.CallAsync"/>).
    /// </summary>
    public Task<OrderedDictionary<string, object?>> CallAsync(IDictionary? request, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        CallCoreAsync(request, _encoder.Encode, timeout, cancellation);

    private protected override OrderedDictionary<string, object?> ReadReply(ReadOnlySpan<byte> reply)
    {
        var reader = new CdrReader(reply);
        ServiceWire.ReadId(ref reader);
        return _decoder.Decode(ref reader);
    }
}
