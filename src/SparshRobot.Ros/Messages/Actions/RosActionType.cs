using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.Services;

namespace SparshRobot.Ros.Messages.Actions;

/// <summary>
/// An action type the registry knows: its name, the message types of its three parts and of the five wrappers
/// rosidl generates around them for the action's services and feedback topic, all registered beside it.
/// </summary>
public sealed class RosActionType
{
    internal RosActionType(string name, string text)
    {
        Name = name;
        Text = text;
    }

    /// <summary><c>pkg/action/Action</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>.action</c> text: goal, <c>---</c>, result, <c>---</c>, feedback.</summary>
    public string Text { get; }

    public string GoalType => Name + "_Goal";

    public string ResultType => Name + "_Result";

    public string FeedbackType => Name + "_Feedback";

    /// <summary><c>{UUID goal_id; Action_Goal goal}</c>, the request of <c>~/_action/send_goal</c>.</summary>
    public string SendGoalRequestType => Name + "_SendGoal_Request";

    /// <summary><c>{bool accepted; Time stamp}</c>.</summary>
    public string SendGoalResponseType => Name + "_SendGoal_Response";

    /// <summary><c>{UUID goal_id}</c>, the request of <c>~/_action/get_result</c>.</summary>
    public string GetResultRequestType => Name + "_GetResult_Request";

    /// <summary><c>{int8 status; Action_Result result}</c>; status is a <c>GoalStatus.STATUS_*</c> value.</summary>
    public string GetResultResponseType => Name + "_GetResult_Response";

    /// <summary><c>{UUID goal_id; Action_Feedback feedback}</c>, published on <c>~/_action/feedback</c>.</summary>
    public string FeedbackMessageType => Name + "_FeedbackMessage";

    /// <summary><c>pkg/action/A_SendGoal</c>, the service behind <c>~/_action/send_goal</c>.</summary>
    public RosServiceType SendGoalService => new(Name + "_SendGoal", InterfaceText.Join(SendGoalRequestDefinition(Name), SendGoalResponseDefinition));

    /// <summary><c>pkg/action/A_GetResult</c>, the service behind <c>~/_action/get_result</c>.</summary>
    public RosServiceType GetResultService => new(Name + "_GetResult", InterfaceText.Join(GetResultRequestDefinition, GetResultResponseDefinition(Name)));

    public override string ToString() => Name;

    /// <summary>The five wrapper types and their definitions (<c>rosidl_parser/definition.py</c> <c>Action</c>).</summary>
    internal IEnumerable<(string TypeName, string Definition)> Wrappers()
    {
        yield return (SendGoalRequestType, SendGoalRequestDefinition(Name));
        yield return (SendGoalResponseType, SendGoalResponseDefinition);
        yield return (GetResultRequestType, GetResultRequestDefinition);
        yield return (GetResultResponseType, GetResultResponseDefinition(Name));
        yield return (FeedbackMessageType, FeedbackMessageDefinition(Name));
    }

    internal const string SendGoalResponseDefinition = "bool accepted\nbuiltin_interfaces/Time stamp\n";

    internal const string GetResultRequestDefinition = "unique_identifier_msgs/UUID goal_id\n";

    internal static string SendGoalRequestDefinition(string action) => $"unique_identifier_msgs/UUID goal_id\n{action}_Goal goal\n";

    internal static string GetResultResponseDefinition(string action) => $"int8 status\n{action}_Result result\n";

    internal static string FeedbackMessageDefinition(string action) => $"unique_identifier_msgs/UUID goal_id\n{action}_Feedback feedback\n";
}
