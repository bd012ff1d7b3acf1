using System.Globalization;
using SparshRobot.Control.Estimation;
using SparshRobot.Core.Sensing;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Node;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros;

/// <summary>The two fingertip image topics the control nodes read (raw Image, or JPEG when a name ends in <c>/compressed</c>).</summary>
public sealed record TactileTopics(string Thumb = "/tactile/thumb/image_raw", string Index = "/tactile/index/image_raw");

/// <summary>Topics of a <see cref="TactileStateNode"/>.</summary>
public sealed record TactileStateNodeOptions(
    TactileTopics Images,
    string ThumbContactTopic = "/tactile/thumb/contact",
    string IndexContactTopic = "/tactile/index/contact",
    string DiagnosticsTopic = "/diagnostics",
    double DiagnosticsPeriod = 1.0);

/// <summary>
/// The tactile estimator as a node, for consumers other than the controller (plots, loggers, another arm's
/// controller): every frame of either fingertip updates the estimator, and that finger's estimate goes out on its
/// FingerContact topic at the tactile rate. Each fingertip's health is also reported on <c>/diagnostics</c> once per
/// <see cref="TactileStateNodeOptions.DiagnosticsPeriod"/> of frame time.
/// </summary>
public sealed class TactileStateNode
{
    private readonly Lock _gate = new();
    private readonly ITactileEstimator _estimator;
    private readonly TactileStateNodeOptions _options;
    private readonly Finger _thumb;
    private readonly Finger _index;
    private readonly Publisher<DiagnosticArray> _diagnostics;
    private readonly TactileFrame[] _one = new TactileFrame[1];
    private long _lastDiagnosticsNs = long.MinValue;
    private TactileState _state = TactileState.None;

    public TactileStateNode(RosNode node, ITactileEstimator estimator, TactileStateNodeOptions options, double nativeFps,
        string thumbSensorId = "digit_thumb", string indexSensorId = "digit_index")
    {
        _estimator = estimator;
        _options = options;
        _thumb = new Finger(FingerContact.FingerThumb, new TactileImageSubscription(node, options.Images.Thumb, thumbSensorId, nativeFps, OnFrame),
            node.CreatePublisher<FingerContact>(options.ThumbContactTopic));
        _index = new Finger(FingerContact.FingerIndex, new TactileImageSubscription(node, options.Images.Index, indexSensorId, nativeFps, OnFrame),
            node.CreatePublisher<FingerContact>(options.IndexContactTopic));
        _diagnostics = node.CreatePublisher<DiagnosticArray>(options.DiagnosticsTopic);
        node.Logger.Info($"{estimator.Name} estimator: {options.Images.Thumb}, {options.Images.Index} -> {options.ThumbContactTopic}, {options.IndexContactTopic}, {options.DiagnosticsTopic}");
    }

    /// <summary>FingerContact messages published, both fingers.</summary>
    public long Published { get; private set; }

    private void OnFrame(TactileFrame frame)
    {
        lock (_gate)
        {
            _one[0] = frame;
            _state = _estimator.Update(frame.Stamp, _one);
            var (finger, estimate) = frame.SensorId == _thumb.Images.SensorId ? (_thumb, _state.Thumb) : (_index, _state.Index);
            finger.Contact.Publish(estimate.ToMessage(finger.Id, frame.SensorId));
            Published++;
            var now = frame.Stamp.TotalNanoseconds;
            if (now - _lastDiagnosticsNs >= _options.DiagnosticsPeriod * 1e9)
            {
                _lastDiagnosticsNs = now;
                _diagnostics.Publish(new DiagnosticArray(new Header(RosTime.From(frame.Stamp), ""), [Status(_thumb, _state.Thumb), Status(_index, _state.Index)]));
            }
        }
    }

    private DiagnosticStatus Status(Finger finger, FingerEstimate e)
    {
        var level = e.Health switch
        {
            FrameHealth.Ok => DiagnosticStatus.Ok,
            FrameHealth.NoFrame or FrameHealth.Stale => DiagnosticStatus.Stale,
            _ => DiagnosticStatus.Error,
        };
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        return new DiagnosticStatus(level, $"tactile_state: {finger.Images.SensorId}", e.Health.ToString(), finger.Images.SensorId,
        [
            new("estimator", _estimator.Name),
            new("contact", e.Contact ? "true" : "false"),
            new("normal_force", F(e.NormalForce)),
            new("confidence", F(e.Confidence)),
            new("undecodable_frames", finger.Images.Undecodable.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private sealed record Finger(byte Id, TactileImageSubscription Images, Publisher<FingerContact> Contact);
}
