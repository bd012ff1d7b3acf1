using SparshRobot.Control;
using SparshRobot.Control.Estimation;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Tactile.Calibration;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// The stacks of <c>maze eval</c> and <c>demo</c> built from model files: the BC policy and its frozen encoder (loaded
/// once, shared by every episode) and the probe estimator (loaded per episode: each owns its encoder pass).
/// </summary>
internal sealed class MazeStackSetup : IDisposable
{
    private readonly ITactilePolicy? _policy;
    private readonly TactileEncoder? _encoder;

    private MazeStackSetup(MazeStackFactory factory, ITactilePolicy? policy, TactileEncoder? encoder)
    {
        Factory = factory;
        _policy = policy;
        _encoder = encoder;
    }

    public MazeStackFactory Factory { get; }

    /// <param name="encoder">The policy's frozen encoder; null: the one its checkpoint records.</param>
    /// <param name="probeEncoder">The probes' encoder; null: <paramref name="encoder"/>, else the policy's.</param>
    /// <param name="probeOptions">The probe estimator's options; null: its defaults, as deployed.</param>
    public static MazeStackSetup Create(BackgroundImage background, string? checkpoint, string? encoder, string? probes, string? probeEncoder,
        ChunkExecutionMode execution, Device device, int? heads, ProbeEstimatorOptions? probeOptions = null)
    {
        ITactilePolicy? policy = null;
        TactileEncoder? frozen = null;
        try
        {
            policy = checkpoint is null ? null : PolicyCheckpoint.Load(checkpoint, device);
            frozen = checkpoint is null ? null : TactileEncoder.Open(encoder ?? PolicyCheckpoint.ReadInfo(checkpoint).EncoderFile, device, heads);
            Func<ITactileEstimator>? probeEstimator = null;
            if (probes is not null)
            {
                var probeEncoderPath = probeEncoder ?? encoder
                    ?? (checkpoint is not null ? PolicyCheckpoint.ReadInfo(checkpoint).EncoderFile
                        : throw new ArgumentException("--probes needs the encoder they were trained on: give --probe-encoder"));
                // Loaded once up front so a bad folder fails before the run.
                ProbeTactileEstimator.Load(probes, probeEncoderPath, background, background, probeOptions, device).Dispose();
                probeEstimator = () => ProbeTactileEstimator.Load(probes, probeEncoderPath, background, background, probeOptions, device);
            }
            var factory = new MazeStackFactory(background, MazeControlOptions.Default,
                policy is not null && frozen is not null ? new PolicyResources(policy, frozen, execution) : null, probeEstimator);
            return new MazeStackSetup(factory, policy, frozen);
        }
        catch
        {
            policy?.Dispose();
            frozen?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _policy?.Dispose();
        _encoder?.Dispose();
    }
}
