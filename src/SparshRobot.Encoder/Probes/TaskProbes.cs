using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>The TacBench tasks with attentive probes here (docs/design-notes.md, "TacBench probes and metrics").</summary>
public enum ProbeTask
{
    /// <summary>T1: 3-axis force, normalized by the sensor's max force.</summary>
    Force,

    /// <summary>T2: slip / no slip plus the force change over the window.</summary>
    Slip,

    /// <summary>T3: relative pose change as three 11-bin classifiers (tx, ty, yaw).</summary>
    Pose,

    /// <summary>T4: grasp stability, will the object stay in the hand (2 logits: falls, stays).</summary>
    Grasp,
}

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>
/// Attentive pooler plus a task head, trained on frozen encoder tokens (B, N, D). The output is the raw head
/// output: force (B, 3) after tanh/tanh/sigmoid; slip (B, 5) = 2 logits then hardtanh'd Δforce; pose (B, 33) = 11
/// logits each for tx, ty, yaw; grasp (B, 2) logits. With <c>tokens</c> &gt; 0 the probe first standardizes each token position and
/// channel by statistics of its training set (buffers <c>token_mean</c> and <c>token_std</c>, saved with it): a small
/// encoder pretrained briefly gives tokens dominated by per-position constants, and on raw tokens the pooler's
/// softmax sees only those and the probe learns a constant.
/// </summary>
public sealed class TaskProbe : nn.Module<Tensor, Tensor>
{
    public const int PoseBins = 11;

    private readonly AttentivePooler pooler;
    private readonly nn.Module<Tensor, Tensor>? fc_norm;
    private readonly nn.Module<Tensor, Tensor>? probe;
    private readonly nn.Module<Tensor, Tensor>? force_probe;
    private readonly nn.Module<Tensor, Tensor>? probe_tx;
    private readonly nn.Module<Tensor, Tensor>? probe_ty;
    private readonly nn.Module<Tensor, Tensor>? probe_yaw;
    private readonly Tensor? token_mean;
    private readonly Tensor? token_std;

    public TaskProbe(ProbeTask task, int dim, int heads, int tokens = 0) : base($"{task}Probe")
    {
        Task = task;
        StandardizedTokens = tokens;
        if (tokens > 0)
        {
            token_mean = zeros(tokens, dim);
            token_std = ones(tokens, dim);
        }
        var hidden = dim / 4;
        pooler = new AttentivePooler(dim, heads);
        switch (task)
        {
            case ProbeTask.Force:
                probe = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, 3));
                break;
            case ProbeTask.Slip:
                fc_norm = nn.LayerNorm(dim, eps: 1e-5);
                // Sigmoid, not ReLU, in the slip branch: the reference head is built that way.
                probe = nn.Sequential(nn.Linear(dim, hidden), nn.Sigmoid(), nn.Linear(hidden, 2));
                force_probe = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, 3));
                break;
            case ProbeTask.Pose:
                probe_tx = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, PoseBins));
                probe_ty = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, PoseBins));
                probe_yaw = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, PoseBins));
                break;
            case ProbeTask.Grasp:
                probe = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, 2));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(task));
        }
        RegisterComponents();
    }

    public ProbeTask Task { get; }

    public AttentivePooler Pooler => pooler;

    /// <summary>Token positions the probe standardizes (0: it takes tokens as they are).</summary>
    public int StandardizedTokens { get; }

    /// <summary>
    /// Sets the standardization from training tokens (n, N, D): per position and channel, mean and standard
    /// deviation (floored so that a constant channel is not blown up).
    /// </summary>
    public void FitStandardization(Tensor tokens, double minStd = 1e-3)
    {
        if (token_mean is null || token_std is null)
        {
            throw new InvalidOperationException("this probe was built without token standardization (tokens = 0)");
        }
        if (tokens.dim() != 3 || tokens.shape[1] != token_mean.shape[0] || tokens.shape[2] != token_mean.shape[1])
        {
            throw new ArgumentException($"tokens of shape ({string.Join(", ", tokens.shape)}) do not match the probe's ({token_mean.shape[0]}, {token_mean.shape[1]}) per sample", nameof(tokens));
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (std, mean) = std_mean(tokens.to(token_mean.device), 0);
        token_mean.copy_(mean);
        token_std.copy_(std.clamp_min(minStd));
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        if (token_mean is not null && token_std is not null)
        {
            tokens = (tokens - token_mean) / token_std;
        }
        var pooled = pooler.call(tokens);
        var output = Task switch
        {
            ProbeTask.Force => ForceActivations(probe!.call(pooled)),
            ProbeTask.Slip => SlipOutput(fc_norm!.call(pooled)),
            ProbeTask.Grasp => probe!.call(pooled),
            _ => cat([probe_tx!.call(pooled), probe_ty!.call(pooled), probe_yaw!.call(pooled)], 1),
        };
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Fx, Fy through tanh (signed), Fz through sigmoid (pressing only).</summary>
    private static Tensor ForceActivations(Tensor raw) =>
        cat([raw.narrow(1, 0, 2).tanh(), raw.narrow(1, 2, 1).sigmoid()], 1);

    /// <summary>The reference's hardtanh on Δforce as clamp(-1, 1), the same function and gradient: TorchSharp 0.107's
    /// nn.functional.hardtanh keeps every call's graph alive (probe training grew by a token batch per step).</summary>
    private Tensor SlipOutput(Tensor pooled) =>
        cat([probe!.call(pooled), force_probe!.call(pooled).clamp(-1, 1)], 1);
}
