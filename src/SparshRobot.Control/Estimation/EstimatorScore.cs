using SparshRobot.Core.Sensing;

namespace SparshRobot.Control.Estimation;

/// <summary>How far an estimator's fingertip estimates are from the truth they were made of, summed over a run.</summary>
public sealed record EstimatorReport(
    int Estimates,
    double UsableFraction,
    double ContactAccuracy,
    double NormalErrorN,
    double ShearErrorN,
    double OffsetXErrorMm,
    double OffsetYErrorMm,
    double AngleErrorDeg,
    double SlipF1,
    int SlipFrames);

/// <summary>
/// Scores <see cref="FingerEstimate"/>s against the true contact (simulator or labelled data): mean absolute errors
/// over usable estimates (pose only where the pad truly touches), the wire angle compared as a line (no sign), slip
/// as F1 of <c>p &gt; 0.5</c> against the true slip over the same window.
/// </summary>
public sealed class EstimatorScore
{
    private int _estimates;
    private int _usable;
    private int _contactHits;
    private int _touching;
    private double _normal;
    private double _shear;
    private double _offsetX;
    private double _offsetY;
    private double _angle;
    private int _tp;
    private int _fp;
    private int _fn;
    private int _slipFrames;

    public void Add(FingerEstimate estimate, ContactState truth, bool slipping)
    {
        _estimates++;
        if (!estimate.Usable)
        {
            return;
        }
        _usable++;
        _contactHits += estimate.Contact == truth.InContact ? 1 : 0;
        var (normal, shearX, shearY) = truth.InContact ? (truth.NormalForce, truth.Shear.X, truth.Shear.Y) : (0.0, 0.0, 0.0);
        _normal += Math.Abs(estimate.NormalForce - normal);
        _shear += (Math.Abs(estimate.ShearXN - shearX) + Math.Abs(estimate.ShearYN - shearY)) / 2;
        if (truth.InContact)
        {
            _touching++;
            _offsetX += Math.Abs(estimate.OffsetXMm - truth.Center.X);
            _offsetY += Math.Abs(estimate.OffsetYMm - truth.Center.Y);
            var difference = Math.Abs(ContactPoseBins.WrapHalfTurn(estimate.AngleRad - Math.Atan2(truth.Axis.Y, truth.Axis.X)));
            _angle += difference * 180 / Math.PI;
        }
        var predicted = estimate.SlipProbability > 0.5;
        _slipFrames += slipping ? 1 : 0;
        (_tp, _fp, _fn) = (predicted, slipping) switch
        {
            (true, true) => (_tp + 1, _fp, _fn),
            (true, false) => (_tp, _fp + 1, _fn),
            (false, true) => (_tp, _fp, _fn + 1),
            _ => (_tp, _fp, _fn),
        };
    }

    public EstimatorReport Report()
    {
        double Mean(double sum, int count) => count == 0 ? double.NaN : sum / count;
        return new EstimatorReport(_estimates, Mean(_usable, _estimates), Mean(_contactHits, _usable), Mean(_normal, _usable), Mean(_shear, _usable),
            Mean(_offsetX, _touching), Mean(_offsetY, _touching), Mean(_angle, _touching),
            _tp == 0 ? 0 : 2.0 * _tp / (2.0 * _tp + _fp + _fn), _slipFrames);
    }
}
