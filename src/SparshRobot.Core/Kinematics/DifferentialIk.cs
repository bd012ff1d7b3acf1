using SparshRobot.Core.Geometry;

namespace SparshRobot.Core.Kinematics;

/// <summary>Settings of <see cref="DifferentialIk"/>.</summary>
/// <param name="DampingBand">Below this smallest singular value of the Jacobian the solution is damped, growing to
/// <paramref name="MaxDamping"/> at a singularity (Nakamura and Hanafusa's variable damping), so joint speeds stay bounded.</param>
/// <param name="MaxDamping">The damping factor lambda at a singularity.</param>
/// <param name="RefuseBelow">At or below this smallest singular value the step is refused (no motion): the arm is at a
/// singularity and the twist could only be followed by a jump of the configuration.</param>
public sealed record DifferentialIkOptions(double DampingBand = 0.04, double MaxDamping = 0.05, double RefuseBelow = 1e-3)
{
    public static DifferentialIkOptions Default { get; } = new();

    public void Validate()
    {
        if (!(DampingBand > 0) || !(MaxDamping >= 0) || !(RefuseBelow >= 0) || RefuseBelow >= DampingBand)
        {
            throw new ArgumentException($"differential IK: damping band {DampingBand} and max damping {MaxDamping} must be positive, and the refusal threshold {RefuseBelow} between 0 and the band");
        }
    }
}

/// <summary>How a <see cref="IkStep"/> came out.</summary>
public enum IkStatus
{
    /// <summary>The twist is followed as asked.</summary>
    Ok,

    /// <summary>Slowed down as a whole (same direction) so no joint passes a position or velocity limit; <see cref="IkStep.LimitingJoint"/> says which bound.</summary>
    Limited,

    /// <summary>Near a singularity: damped, so the twist is followed only approximately.</summary>
    Damped,

    /// <summary>At a singularity: refused, the joints hold.</summary>
    Singular,
}

/// <summary>One step of <see cref="DifferentialIk"/>.</summary>
/// <param name="Velocities">Joint velocities, rad/s, chain order.</param>
/// <param name="Positions">Where they take the joints after the step's duration.</param>
/// <param name="Scale">The factor in [0, 1] the whole solution was slowed by to respect the limits.</param>
/// <param name="SmallestSingularValue">Of the Jacobian at the step's start: the distance from a singularity.</param>
/// <param name="LimitingJoint">The joint whose bound set <see cref="Scale"/> (null when none did).</param>
public sealed record IkStep(double[] Velocities, double[] Positions, IkStatus Status, double Scale, double SmallestSingularValue, string? LimitingJoint)
{
    /// <summary>What happened, in words, for logs.</summary>
    public string Describe() => Status switch
    {
        IkStatus.Ok => "ok",
        IkStatus.Limited => $"slowed to {Scale:P0} by joint {LimitingJoint}'s limits",
        IkStatus.Damped => $"near a singularity (smallest singular value {SmallestSingularValue:0.####}); damped",
        _ => $"at a singularity (smallest singular value {SmallestSingularValue:0.####}); the joints hold",
    };
}

/// <summary>
/// Damped-least-squares differential inverse kinematics: the joint velocities that move the tool at a twist,
/// qdot = J^T (J J^T + lambda^2 I)^-1 v, then slowed as a whole so that no joint exceeds its speed or leaves its range
/// within the step (slowing every joint by one factor keeps the tool on the twist's direction).
/// </summary>
public static class DifferentialIk
{
    /// <param name="q">The joints' positions now, chain order.</param>
    /// <param name="twist">The tool's twist in the chain's base frame (linear: the tool point's velocity).</param>
    /// <param name="dt">The step's duration, s: how far the joints may go before a new step.</param>
    public static IkStep Step(SerialChain chain, ReadOnlySpan<double> q, Twist twist, double dt, DifferentialIkOptions? options = null)
    {
        options ??= DifferentialIkOptions.Default;
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "the step must last a positive time");
        }
        var n = chain.Dof;
        var jacobian = chain.Jacobian(q);
        var jjt = new double[6, 6];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                for (var k = 0; k < n; k++)
                {
                    jjt[r, c] += jacobian[r, k] * jacobian[c, k];
                }
            }
        }
        var sigma = Math.Sqrt(Math.Max(0, SymmetricEigenvalues(jjt).Min()));
        var positions = q.ToArray();
        if (sigma <= options.RefuseBelow)
        {
            return new IkStep(new double[n], positions, IkStatus.Singular, 0, sigma, null);
        }
        var damped = sigma < options.DampingBand;
        var lambda2 = damped ? options.MaxDamping * options.MaxDamping * (1 - sigma * sigma / (options.DampingBand * options.DampingBand)) : 0;
        for (var i = 0; i < 6; i++)
        {
            jjt[i, i] += lambda2;
        }
        double[] v = [twist.Linear.X, twist.Linear.Y, twist.Linear.Z, twist.Angular.X, twist.Angular.Y, twist.Angular.Z];
        var y = SolveSpd(jjt, v);
        var velocities = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var r = 0; r < 6; r++)
            {
                velocities[k] += jacobian[r, k] * y[r];
            }
        }
        var (scale, limiting) = LimitScale(chain, q, velocities, dt);
        for (var k = 0; k < n; k++)
        {
            velocities[k] *= scale;
            positions[k] += velocities[k] * dt;
        }
        var status = limiting is not null ? IkStatus.Limited : damped ? IkStatus.Damped : IkStatus.Ok;
        return new IkStep(velocities, positions, status, scale, sigma, limiting);
    }

    /// <summary>
    /// Joints moved from <paramref name="q"/> toward the configuration whose tool pose is <paramref name="target"/>
    /// (base frame), by up to <paramref name="iterations"/> damped Gauss-Newton steps within the joints' ranges: keeps
    /// a joint state in step with a pose that moved a little (the simulated arm following its hand).
    /// </summary>
    public static double[] Toward(SerialChain chain, ReadOnlySpan<double> q, Pose3 target, int iterations = 3, DifferentialIkOptions? options = null)
    {
        var positions = q.ToArray();
        for (var i = 0; i < iterations; i++)
        {
            var current = chain.Forward(positions);
            var error = new Twist(target.Position - current.Position, (target.Orientation * current.Orientation.Conjugate()).ToRotationVector());
            if (error.Linear.Norm < 1e-9 && error.Angular.Norm < 1e-9)
            {
                break;
            }
            // A unit step closes the error to first order; its speed limits then bound the change per iteration.
            var step = Step(chain, positions, error, 1, options);
            if (step.Status == IkStatus.Singular)
            {
                break;
            }
            positions = step.Positions;
        }
        return positions;
    }

    /// <summary>
    /// The largest factor in [0, 1] that keeps every joint within its speed and, after <paramref name="dt"/>, its range
    /// (a joint already outside its range may only move back in), and the joint that set it.
    /// </summary>
    private static (double Scale, string? Joint) LimitScale(SerialChain chain, ReadOnlySpan<double> q, double[] velocities, double dt)
    {
        var scale = 1.0;
        string? joint = null;
        for (var k = 0; k < velocities.Length; k++)
        {
            var j = chain.Joints[k];
            var hi = Math.Max(0, Math.Min(j.MaxVelocity, (j.Upper - q[k]) / dt));
            var lo = Math.Min(0, Math.Max(-j.MaxVelocity, (j.Lower - q[k]) / dt));
            var v = velocities[k];
            var allowed = v > hi ? hi / v : v < lo ? lo / v : 1;
            if (allowed < scale)
            {
                scale = allowed;
                joint = j.Name;
            }
        }
        return (scale, joint);
    }

    /// <summary>Solves A x = b for a symmetric positive definite A (Cholesky).</summary>
    private static double[] SolveSpd(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / l[j, j];
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i, k] * y[k];
            }
            y[i] = sum / l[i, i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[k, i] * y[k];
            }
            y[i] = sum / l[i, i];
        }
        return y;
    }

    /// <summary>The eigenvalues of a small symmetric matrix (cyclic Jacobi rotations); <paramref name="matrix"/> is left as it was.</summary>
    private static double[] SymmetricEigenvalues(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var r = p + 1; r < n; r++)
                {
                    off += a[p, r] * a[p, r];
                }
            }
            if (off < 1e-30)
            {
                break;
            }
            for (var p = 0; p < n; p++)
            {
                for (var r = p + 1; r < n; r++)
                {
                    if (Math.Abs(a[p, r]) < 1e-300)
                    {
                        continue;
                    }
                    var theta = (a[r, r] - a[p, p]) / (2 * a[p, r]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var (akp, akr) = (a[k, p], a[k, r]);
                        a[k, p] = c * akp - s * akr;
                        a[k, r] = s * akp + c * akr;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (apk, ark) = (a[p, k], a[r, k]);
                        a[p, k] = c * apk - s * ark;
                        a[r, k] = s * apk + c * ark;
                    }
                }
            }
        }
        return [.. Enumerable.Range(0, n).Select(i => a[i, i])];
    }
}
