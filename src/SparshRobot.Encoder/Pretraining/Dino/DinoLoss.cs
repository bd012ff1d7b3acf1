using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining.Dino;

/// <summary>DINO's self-distillation loss with centring and sharpening of the teacher.</summary>
public static class DinoLoss
{
    /// <summary>
    /// Mean over (teacher view, other student view) pairs of <c>−Σ softmax((t − c)/τ_t) · log softmax(s/τ_s)</c>, averaged
    /// over the batch. Student views list the teacher's (global) views first, in the same order; a view is never
    /// compared with itself. The teacher side carries no gradient.
    /// </summary>
    public static Tensor Compute(IReadOnlyList<Tensor> student, IReadOnlyList<Tensor> teacher, Tensor center, double studentTemp, double teacherTemp)
    {
        if (teacher.Count == 0 || student.Count < teacher.Count || (student.Count == 1 && teacher.Count == 1))
        {
            throw new ArgumentException($"DINO needs at least two views with the teacher's first: {student.Count} student and {teacher.Count} teacher views given");
        }
        using var scope = NewDisposeScope();
        var targets = teacher.Select(t => TeacherProbabilities(t, center, teacherTemp)).ToArray();
        var logProbabilities = student.Select(s => nn.functional.log_softmax(s / studentTemp, -1)).ToArray();
        Tensor? total = null;
        var pairs = 0;
        for (var t = 0; t < targets.Length; t++)
        {
            for (var s = 0; s < logProbabilities.Length; s++)
            {
                if (s == t)
                {
                    continue;
                }
                var term = (-targets[t] * logProbabilities[s]).sum(-1).mean();
                total = total is null ? term : total + term;
                pairs++;
            }
        }
        return (total! / pairs).MoveToOuterDisposeScope();
    }

    /// <summary>The teacher's centred, sharpened distribution <c>softmax((t − c)/τ_t)</c>, detached.</summary>
    public static Tensor TeacherProbabilities(Tensor teacher, Tensor center, double teacherTemp) =>
        nn.functional.softmax((teacher.detach() - center) / teacherTemp, -1);

    /// <summary>The running centre: <c>c ← m·c + (1 − m)·mean(teacher logits)</c> over every teacher view's batch, in place.</summary>
    public static void UpdateCenter(Tensor center, IReadOnlyList<Tensor> teacher, double momentum)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var mean = cat([.. teacher], 0).mean([0], keepdim: true);
        center.mul_(momentum).add_(mean, alpha: 1 - momentum);
    }

    /// <summary>Teacher temperature at <paramref name="step"/>: linear from the start value over the warm-up, then constant.</summary>
    public static double TeacherTemperature(DinoOptions options, int step, int steps)
    {
        var warmup = options.TeacherTempWarmup * steps;
        return step >= warmup ? options.TeacherTemp
            : options.TeacherTempStart + (options.TeacherTemp - options.TeacherTempStart) * step / warmup;
    }
}
