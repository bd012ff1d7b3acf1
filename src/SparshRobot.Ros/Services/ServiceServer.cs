using System.Diagnostics;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Services;

/// <summary>
/// Serves one ROS 2 service the way rmw_cyclonedds does: a reader on <c>rq/&lt;name&gt;Request</c> and a writer on
/// <c>rr/&lt;name&gt;Reply</c>, both carrying <c>serviceid=…;</c>; each reply echoes its request's header, so every
/// client hears every reply and keeps its own. Requests run on the node's executor; a handler may finish later
/// (the reply goes out when its task completes), so slow or parked requests do not block other clients.
/// Malformed requests are counted, logged and dropped; the service keeps serving.
/// </summary>
public sealed class ServiceServer<TRequest, TResponse> : IDisposable, ITransportBacked
    where TRequest : IRosMessage<TRequest>
    where TResponse : IRosMessage<TResponse>
{
    /// <summary>How long a reply waits for the client's reply reader to match (rmw's check_for_response_reader).</summary>
    public static readonly TimeSpan ReplyReaderWait = TimeSpan.FromMilliseconds(100);

    /// <summary>Requests that may wait for the executor; beyond it the oldest is dropped (counted).</summary>
    private const int QueueDepth = 1000;

    private readonly RosNode _node;
    private readonly Func<TRequest, CancellationToken, Task<TResponse>> _handler;
    private readonly MessagePump<RawMessage> _pump;
    private readonly IRawReader _requests;
    private readonly IRawWriter _replies;
    private readonly CdrWriter _cdr = new(256);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Action<ServiceServer<TRequest, TResponse>> _onDispose;
    private long _malformed;
    private long _unsent;
    private long _handled;
    private long _failed;

    internal ServiceServer(RosNode node, string service, QosProfile qos, Func<TRequest, CancellationToken, Task<TResponse>> handler,
        Action<ServiceServer<TRequest, TResponse>> onDispose)
    {
        _node = node;
        Name = service;
        ServiceType = ServiceWire.ServiceTypeOf<TRequest, TResponse>();
        Id = ClientServiceId.Next();
        _handler = handler;
        _onDispose = onDispose;
        var userData = $"{UserData.ServiceIdKey}={Id};";
        qos = ServiceQos.Local(qos);
        var transport = node.Context.Transport;
        _replies = transport.CreateRawWriter(service, TResponse.TypeName, qos, new RawEndpointOptions { Role = EndpointRole.ServiceReply, UserData = userData });
        _pump = new MessagePump<RawMessage>(node, QueueDepth, OnRequest);
        node.Register(_pump);
        try
        {
            _requests = transport.SubscribeRaw(service, TRequest.TypeName, qos, _pump.Enqueue,
                new RawEndpointOptions { Role = EndpointRole.ServiceRequest, UserData = userData });
        }
        catch
        {
            _pump.Close();
            _replies.Dispose();
            throw;
        }
    }

    /// <summary>The fully qualified service name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/srv/S</c>.</summary>
    public string ServiceType { get; }

    /// <summary>This service's <c>serviceid</c> as announced in USER_DATA.</summary>
    public string Id { get; }

    /// <summary>Requests answered.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Requests that could not be decoded (truncated, wrong header or encapsulation).</summary>
    public long MalformedRequests => Interlocked.Read(ref _malformed);

    /// <summary>Requests whose handler threw; no reply is sent (the client times out), as rclcpp does.</summary>
    public long FailedRequests => Interlocked.Read(ref _failed);

    /// <summary>Replies not sent: the client went away, or its reply reader did not match in time.</summary>
    public long UnsentReplies => Interlocked.Read(ref _unsent);

    /// <summary>Requests dropped because too many waited for the executor.</summary>
    public long DroppedRequests => _pump.Dropped;

    IEnumerable<object> ITransportBacked.TransportEndpoints => [_requests, _replies];

    private void OnRequest(RawMessage raw)
    {
        RequestId id;
        TRequest request;
        try
        {
            (id, request) = ServiceWire.Decode<TRequest>(raw.Data.Span);
        }
        catch (CdrFormatException e)
        {
            Interlocked.Increment(ref _malformed);
            _node.Logger.Warn($"service {Name}: dropped a malformed {TRequest.TypeName} ({raw.Data.Length} bytes): {e.Message}");
            return;
        }
        Task<TResponse> reply;
        try
        {
            reply = _handler(request, _disposing.Token);
        }
        catch (Exception e)
        {
            Fail(e);
            return;
        }
        if (reply.IsCompleted)
        {
            Finish(reply, id, raw.PublicationHandle);
        }
        else
        {
            reply.ContinueWith(t => Finish(t, id, raw.PublicationHandle), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Finish(Task<TResponse> reply, RequestId id, ulong client)
    {
        if (!reply.IsCompletedSuccessfully)
        {
            if (!_disposing.IsCancellationRequested)
            {
                Fail(reply.Exception?.InnerException ?? new OperationCanceledException());
            }
            return;
        }
        if (_disposing.IsCancellationRequested)
        {
            return;
        }
        if (!ClientReaderReady(client))
        {
            Interlocked.Increment(ref _unsent);
            return;
        }
        lock (_cdr)
        {
            if (_disposing.IsCancellationRequested)
            {
                return;
            }
            _replies.Write(ServiceWire.Encode(id, reply.Result, _cdr));
        }
        Interlocked.Increment(ref _handled);
    }

    private void Fail(Exception e)
    {
        Interlocked.Increment(ref _failed);
        _node.Logger.Error($"service {Name}: the handler failed ({e.GetType().Name}: {e.Message}); no reply sent");
    }

    /// <summary>
    /// rmw's workaround for replies lost to a reply reader that has not matched yet: a client that announces a
    /// <c>clientid</c> gets its reply once our reply writer matches a reader with the same id (up to
    /// <see cref="ReplyReaderWait"/>); a client that left gets none.
    /// </summary>
    private bool ClientReaderReady(ulong client)
    {
        var userData = _requests.PublisherUserData(client);
        if (userData is null)
        {
            return false;
        }
        if (ClientServiceId.Find(userData, UserData.ClientIdKey) is not { } clientId)
        {
            return true;
        }
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_replies.MatchedUserData().Any(u => ClientServiceId.Find(u, UserData.ClientIdKey) == clientId))
            {
                return true;
            }
            if (watch.Elapsed >= ReplyReaderWait)
            {
                _node.Logger.Warn($"failed to send response to {Name} (timeout): the client's reply reader did not match");
                return false;
            }
            Thread.Sleep(10);
        }
    }

    public void Dispose()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }
        lock (_cdr)
        {
            _disposing.Cancel();
        }
        _requests.Dispose();
        _pump.Close();
        _replies.Dispose();
        _onDispose(this);
    }
}
