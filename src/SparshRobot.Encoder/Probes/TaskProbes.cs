using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>The TacBench tasks with attentive probes here (reference §4.2).</summary>
public enum ProbeTask
{
    /// <summary>T1: 3-axis force, normalized by the sensor's max force.</summary>
    Force,

    /// <summary>T2: slip / no slip plus the force change over the window.</summary>
    Slip,

    /// <summary>T3: relative pose change as three 11-bin classifiers (tx, ty, yaw).</summary>
    Pose,
}

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>
/// Attentive pooler plus a task head, trained on frozen encoder tokens (B, N, D). The output is the raw head
/// output: force (B, 3) after tanh/tanh/sigmoid; slip (B, 5) = 2 logits then hardtanh'd Δforce; pose (B, 33) = 11
/// logits each for tx, ty, yaw.
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

    public TaskProbe(ProbeTask task, int dim, int heads) : base($"{task}Probe")
    {
        Task = task;
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
            default:
                throw new ArgumentOutOfRangeException(nameof(task));
        }
        RegisterComponents();
    }

    public ProbeTask Task { get; }

    public AttentivePooler Pooler => pooler;

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var pooled = pooler.call(tokens);
        var output = Task switch
        {
            ProbeTask.Force => ForceActivations(probe!.call(pooled)),
            ProbeTask.Slip => SlipOutput(fc_norm!.call(pooled)),
            _ => cat([probe_tx!.call(pooled), probe_ty!.call(pooled), probe_yaw!.call(pooled)], 1),
        };
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Fx, Fy through tanh (signed), Fz through sigmoid (pressing only).</summary>
    private static Tensor ForceActivations(Tensor raw) =>
        cat([raw.narrow(1, 0, 2).tanh(), raw.narrow(1, 2, 1).sigmoid()], 1);

    private Tensor SlipOutput(Tensor pooled) =>
        cat([probe!.call(pooled), nn.functional.hardtanh(force_probe!.call(pooled))], 1);
}
