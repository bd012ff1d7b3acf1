using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Services;

/// <summary>A client of a service whose request and response are compiled message types.</summary>
public sealed class ServiceClient<TRequest, TResponse> : ServiceClientBase<TResponse>
    where TRequest : IRosMessage<TRequest>
    where TResponse : IRosMessage<TResponse>
{
    private static readonly RequestBodyWriter<TRequest> s_writeBody = (request, writer) => request.Serialize(writer);

    internal ServiceClient(RosNode node, string service, QosProfile qos, Action<IDisposable> onDispose)
        : base(node, service, ServiceWire.ServiceTypeOf<TRequest, TResponse>(), TRequest.TypeName, TResponse.TypeName, qos, onDispose)
    {
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for its reply. A <paramref name="timeout"/> (none when null) ends
    /// the call with <see cref="ServiceTimeoutException"/>, <paramref name="cancellation"/> with
    /// <see cref="OperationCanceledException"/>; a reply arriving afterwards is counted in <see cref="ServiceClientBase{TResponse}.LateReplies"/>.
    /// </summary>
    public Task<TResponse> CallAsync(TRequest request, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        CallCoreAsync(request, s_writeBody, timeout, cancellation);

    private protected override TResponse ReadReply(ReadOnlySpan<byte> reply) => ServiceWire.Decode<TResponse>(reply).Message;
}
