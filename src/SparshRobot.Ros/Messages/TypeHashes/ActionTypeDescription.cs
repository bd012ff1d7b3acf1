using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// The descriptions rosidl derives from an action <c>pkg/action/A</c> (rosidl_parser's <c>Action</c>): goal, result and
/// feedback as written, the <c>A_SendGoal</c> and <c>A_GetResult</c> services and <c>A_FeedbackMessage</c>, each hashed
/// on its own topic, and the action itself.
/// </summary>
public sealed record ActionTypeDescription(
    TypeDescription Action,
    TypeDescription Goal,
    TypeDescription Result,
    TypeDescription Feedback,
    ServiceTypeDescription SendGoal,
    ServiceTypeDescription GetResult,
    TypeDescription FeedbackMessage)
{
    /// <summary>Describes <paramref name="actionType"/> from its parsed goal, result and feedback (their own names are
    /// not used); referenced types come from <paramref name="registry"/> (the built-in one unless given).</summary>
    public static ActionTypeDescription Create(string actionType, MessageSpec goal, MessageSpec result, MessageSpec feedback, MessageRegistry? registry = null)
    {
        var name = InterfaceText.FullName(actionType, "action");
        var table = TypeTable.ForRegistry(registry);
        var goalName = name + "_Goal";
        var resultName = name + "_Result";
        var feedbackName = name + "_Feedback";
        table.Add(IndividualTypeDescription.From(goalName, goal));
        table.Add(IndividualTypeDescription.From(resultName, result));
        table.Add(IndividualTypeDescription.From(feedbackName, feedback));

        var sendGoal = ServiceTypeDescription.Create(table, name + "_SendGoal",
            new IndividualTypeDescription(name + "_SendGoal_Request",
                [TypeDescriptionField.Nested("goal_id", TypeTable.Uuid), TypeDescriptionField.Nested("goal", goalName)]),
            new IndividualTypeDescription(name + "_SendGoal_Response",
                [TypeDescriptionField.Primitive("accepted", FieldKind.Bool), TypeDescriptionField.Nested("stamp", TypeTable.Time)]));
        var getResult = ServiceTypeDescription.Create(table, name + "_GetResult",
            new IndividualTypeDescription(name + "_GetResult_Request", [TypeDescriptionField.Nested("goal_id", TypeTable.Uuid)]),
            new IndividualTypeDescription(name + "_GetResult_Response",
                [TypeDescriptionField.Primitive("status", FieldKind.Int8), TypeDescriptionField.Nested("result", resultName)]));
        var feedbackMessageName = name + "_FeedbackMessage";
        table.Add(new IndividualTypeDescription(feedbackMessageName,
            [TypeDescriptionField.Nested("goal_id", TypeTable.Uuid), TypeDescriptionField.Nested("feedback", feedbackName)]));
        table.Add(new IndividualTypeDescription(name,
        [
            TypeDescriptionField.Nested("goal", goalName),
            TypeDescriptionField.Nested("result", resultName),
            TypeDescriptionField.Nested("feedback", feedbackName),
            TypeDescriptionField.Nested("send_goal_service", sendGoal.Service.TypeName),
            TypeDescriptionField.Nested("get_result_service", getResult.Service.TypeName),
            TypeDescriptionField.Nested("feedback_message", feedbackMessageName),
        ]));
        return new ActionTypeDescription(table.Describe(name), table.Describe(goalName), table.Describe(resultName),
            table.Describe(feedbackName), sendGoal, getResult, table.Describe(feedbackMessageName));
    }

    /// <summary>Describes <paramref name="actionType"/> from its <c>.action</c> text (goal, <c>---</c>, result, <c>---</c>, feedback).</summary>
    public static ActionTypeDescription Parse(string actionType, string actionText, MessageRegistry? registry = null)
    {
        var name = InterfaceText.FullName(actionType, "action");
        var sections = InterfaceText.Sections(name, actionText, 3);
        return Create(name,
            InterfaceText.ParsePart(name + "_Goal", sections[0].Text, sections[0].FirstLine),
            InterfaceText.ParsePart(name + "_Result", sections[1].Text, sections[1].FirstLine),
            InterfaceText.ParsePart(name + "_Feedback", sections[2].Text, sections[2].FirstLine),
            registry);
    }
}
