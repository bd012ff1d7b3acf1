using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Models;

/// <summary>The MLP policy head: regresses the action chunk with mean squared error.</summary>
public sealed class MlpChunkHead : nn.Module, IChunkPolicyHead
{
    private readonly MlpChunkPolicyNet model;

    public MlpChunkHead(long conditionDim, long horizon, long actionDim, long hidden = 256, int layers = 4)
        : base(nameof(MlpChunkHead))
    {
        Horizon = horizon;
        ActionDim = actionDim;
        model = new MlpChunkPolicyNet(conditionDim, horizon, actionDim, hidden, layers);
        RegisterComponents();
    }

    public long Horizon { get; }

    public long ActionDim { get; }

    public Tensor Loss(Tensor condition, Tensor actions, Generator? generator = null) =>
        nn.functional.mse_loss(model.call(condition), actions);

    public Tensor Predict(Tensor condition, Generator? generator = null) => model.call(condition);
}
