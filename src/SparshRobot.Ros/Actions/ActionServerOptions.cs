namespace SparshRobot.Ros.Actions;

/// <summary>Settings of an action server beyond its callbacks.</summary>
public sealed record ActionServerOptions
{
    /// <summary>How long a finished goal's status and result are kept (rcl's <c>result_timeout</c>; 10 s on Iron and Jazzy).</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The time that result expiry counts in (replace it in tests to expire results without waiting).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
