using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Supervision;

/// <summary>The recovery supervisor's states. Exactly one is current; <see cref="RecoverySupervisor"/> owns every transition.</summary>
public enum SupervisorState
{
    /// <summary>Following the plan (or the felt wire) with the force layer active.</summary>
    Tracking,

    /// <summary>The bead slides in the grasp: the grip law steps up; motion slows.</summary>
    SlipReaction,

    /// <summary>Bead lost: the hand opens before moving.</summary>
    ReacquireOpen,

    /// <summary>Bead lost: the open hand moves back along the executed path to where the bead was last felt.</summary>
    ReacquireBackOff,

    /// <summary>Bead lost: the hand closes where it expects the bead.</summary>
    ReacquireClose,

    /// <summary>Bead lost: waiting for the pads to confirm the bead by touch.</summary>
    ReacquireConfirm,

    /// <summary>No progress under load: the hand backs off along the wire.</summary>
    JamBackOff,

    /// <summary>After backing off: centre on the wire angle felt on the pads with a lower grip, then retry slowly.</summary>
    JamRealign,

    /// <summary>Persistent off-centre contact (drift): stop advancing and centre the bead between the pads.</summary>
    Recentre,

    /// <summary>An input went stale: decelerate and hold until it is fresh again.</summary>
    WaitForInputs,

    /// <summary>Gave up (a retry budget ran out): hold still, grip kept, reason given.</summary>
    SafeHold,

    /// <summary>Stopped from outside (halt or cancel): nothing moves until <see cref="RecoverySupervisor.Resume"/>.</summary>
    Halted,
}

/// <summary>Typed reasons for leaving <see cref="SupervisorState.Tracking"/> (Nav2-style error codes, not a bare failure).</summary>
public enum FailureCode
{
    None,
    Slip,
    BeadLost,
    Jam,
    Drift,
    StaleInput,
    BudgetExhausted,
    Halted,
    Cancelled,
}

/// <summary>One transition, with why and where it happened (the reported pinch point).</summary>
/// <param name="Recovered">The transition counts as a recovery from <paramref name="Code"/> (see <see cref="RecoverySupervisor.Recoveries"/>).</param>
public sealed record SupervisorEvent(Timestamp Time, SupervisorState From, SupervisorState To, FailureCode Code, string Reason, Vec3 Position, double Progress,
    bool Recovered = false)
{
    /// <summary>Recoveries from <paramref name="code"/> among <paramref name="events"/>, as the supervisor that emitted them counts them.</summary>
    public static int Recoveries(IEnumerable<SupervisorEvent> events, FailureCode code) => events.Count(e => e.Recovered && e.Code == code);
}

/// <summary>Thresholds and budgets of the supervisor. Metres, seconds.</summary>
/// <param name="LostAfter">Both usable pads without contact this long means the bead is lost.</param>
/// <param name="SlipEnter">Slip probability that enters the slip reaction.</param>
/// <param name="SlipExit">Slip probability below which the reaction ends (after <paramref name="SlipHold"/>).</param>
/// <param name="SlipHold">Seconds the slip must stay low before tracking resumes.</param>
/// <param name="OpenTime">Seconds the hand takes to open.</param>
/// <param name="CloseTime">Seconds the hand takes to close.</param>
/// <param name="ConfirmTime">Seconds the pads get to feel the bead after closing.</param>
/// <param name="SearchStep">Each failed attempt to reacquire searches this much further back along the path.</param>
/// <param name="ArrivalTolerance">Close enough to a back-off target.</param>
/// <param name="JamLag">Bead lagging behind the pinch point along the travel direction by this much while advancing is a jam.</param>
/// <param name="JamTime">The lag must last this long.</param>
/// <param name="StallDistance">Felt progress smaller than this ...</param>
/// <param name="StallTime">... for this long while the controller asks to advance is a jam too (a bead held back while the hand waits for it).</param>
/// <param name="JamBackOff">How far the hand backs off from a jam.</param>
/// <param name="RealignTime">Least seconds spent centring after a jam back-off ...</param>
/// <param name="RealignedOffset">... until the bead is felt this close to the pinch point ...</param>
/// <param name="RealignTimeout">... or this many seconds have passed.</param>
/// <param name="DriftOffset">Bead this far across the wire from the pinch point is off-centre.</param>
/// <param name="DriftTime">For this long, a drift.</param>
/// <param name="RecentredOffset">Recentring ends when the offset is below this.</param>
/// <param name="BudgetLost">Reacquire attempts before giving up.</param>
/// <param name="BudgetJam">Jam recoveries before giving up.</param>
/// <param name="BudgetDrift">Recentrings before giving up.</param>
/// <param name="BudgetResetDistance">Budgets are refilled after this much bead progress since the last recovery.</param>
public sealed record SupervisorOptions(
    double LostAfter = 0.05,
    double SlipEnter = 0.6,
    double SlipExit = 0.3,
    double SlipHold = 0.15,
    double OpenTime = 0.2,
    double CloseTime = 0.2,
    double ConfirmTime = 0.15,
    double SearchStep = 0.004,
    double ArrivalTolerance = 0.0008,
    double JamLag = 0.003,
    double JamTime = 0.25,
    double StallDistance = 0.001,
    double StallTime = 2.0,
    double JamBackOff = 0.003,
    double RealignTime = 0.3,
    double RealignedOffset = 0.0004,
    double RealignTimeout = 1.0,
    double DriftOffset = 0.0025,
    double DriftTime = 0.4,
    double RecentredOffset = 0.0008,
    int BudgetLost = 8,
    int BudgetJam = 6,
    int BudgetDrift = 10,
    double BudgetResetDistance = 0.03)
{
    public static SupervisorOptions Default { get; } = new();
}
