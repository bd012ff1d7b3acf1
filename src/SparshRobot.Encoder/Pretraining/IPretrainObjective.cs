using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>
/// The randomness of one step: <see cref="Generator"/> for tensor sampling on the training device (null when it lives on
/// another device), <see cref="Random"/> for masks and crops. Both are seeded by (seed, step), so a resumed run repeats
/// what an uninterrupted one would have drawn.
/// </summary>
public sealed record StepContext(int Step, Generator? Generator, Random Random);

/// <summary>One step's loss and the method's diagnostics (named by <see cref="IPretrainObjective.StatNames"/>).</summary>
public sealed record StepOutput(Tensor Loss, double[] Stats);

/// <summary>
/// A self-supervised method as <see cref="Pretrainer"/> runs it: the module holding all of its state (saved whole for
/// resuming), the parameters the optimizer updates, and the encoder exported at the end.
/// </summary>
public interface IPretrainObjective : IDisposable
{
    /// <summary>The loss plot's title.</summary>
    string Title { get; }

    /// <summary>Every weight and buffer of the method (student and teacher, heads, centre); keys follow the Sparsh
    /// training checkpoints, so the released family's prefix finds the encoder in them.</summary>
    nn.Module State { get; }

    /// <summary>What the optimizer updates; EMA copies are left out.</summary>
    IEnumerable<TorchSharp.Modules.Parameter> Trainable { get; }

    /// <summary>The encoder written to <c>encoder.safetensors</c> (teacher or target where the method has one).</summary>
    SparshVit Encoder { get; }

    /// <summary>Names of the per-step diagnostics logged after the loss.</summary>
    IReadOnlyList<string> StatNames { get; }

    /// <summary>The method's settings, stored in each checkpoint; a resume with other values is refused.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The method's input for the frames at <paramref name="indices"/>, float32 on <paramref name="device"/>.</summary>
    Tensor Batch(IFrameSource frames, long[] indices, Device device);

    StepOutput Step(Tensor batch, StepContext context);

    /// <summary>Called after each optimizer step (EMA updates).</summary>
    void AfterStep(int step);

    /// <summary>Why the run collapsed, judged from every step's diagnostics; null for a healthy run.</summary>
    string? Collapse(IReadOnlyList<double[]> stats);
}
