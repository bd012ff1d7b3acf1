using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Services;

namespace SparshRobot.Control.Ros.Robot.Stack;

/// <summary>Calls into the lab's stack with errors that say which service, and what to check, when it is absent or speaks another layout.</summary>
internal static class StackServices
{
    public static async Task<TResponse> CallAsync<TRequest, TResponse>(ServiceClient<TRequest, TResponse> client, TRequest request,
        InterfaceDistro distro, TimeSpan timeout, string hint, CancellationToken cancellation)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        if (!await client.WaitForServiceAsync(timeout, cancellation).ConfigureAwait(false))
        {
            throw new TimeoutException(
                $"service {client.Name} ({client.ServiceType}) did not appear within {timeout.TotalSeconds:0.###} s: {hint}");
        }
        try
        {
            return await client.CallAsync(request, timeout, cancellation).ConfigureAwait(false);
        }
        catch (CdrFormatException e)
        {
            // Both distros name the types alike, so the graph matches and only the bytes disagree.
            throw new InvalidOperationException(
                $"{e.Message}. This client speaks the {distro} layout of {client.ServiceType}; if the stack runs the other "
                + "distro, set ROS_DISTRO (humble or jazzy) or the client's Distro option to match it", e);
        }
    }
}
