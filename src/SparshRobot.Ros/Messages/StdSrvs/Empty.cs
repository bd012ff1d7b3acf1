namespace SparshRobot.Ros.Messages.StdSrvs;

// std_srvs/srv/Empty: both parts have no fields, so each is the one byte of EmptyStruct on the wire.

/// <summary><c>std_srvs/srv/Empty_Request</c>.</summary>
public sealed record EmptyRequest : EmptyMessage<EmptyRequest>, IRosMessage<EmptyRequest>
{
    public static string TypeName => "std_srvs/srv/Empty_Request";

    public static string Definition => "";
}

/// <summary><c>std_srvs/srv/Empty_Response</c>.</summary>
public sealed record EmptyResponse : EmptyMessage<EmptyResponse>, IRosMessage<EmptyResponse>
{
    public static string TypeName => "std_srvs/srv/Empty_Response";

    public static string Definition => "";
}
