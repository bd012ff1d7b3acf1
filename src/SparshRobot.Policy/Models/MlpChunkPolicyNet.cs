using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Models;

/// <summary>
/// The BC MLP of the T6 reference (tanh, 4 hidden layers of 256): maps the flattened observation window to a whole
/// chunk of <c>horizon</c> actions at once; temporal ensembling smooths overlapping chunks at run time.
/// </summary>
public sealed class MlpChunkPolicyNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential net;
    private readonly long _horizon;
    private readonly long _actionDim;

    public MlpChunkPolicyNet(long inputDim, long horizon, long actionDim, long hidden = 256, int layers = 4)
        : base(nameof(MlpChunkPolicyNet))
    {
        _horizon = horizon;
        _actionDim = actionDim;
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputDim;
        for (var i = 0; i < layers; i++)
        {
            modules.Add(($"{2 * i}", nn.Linear(width, hidden)));
            modules.Add(($"{2 * i + 1}", nn.Tanh()));
            width = hidden;
        }
        modules.Add(($"{2 * layers}", nn.Linear(width, horizon * actionDim)));
        net = nn.Sequential(modules);
        RegisterComponents();
    }

    /// <param name="condition">(B, input_dim)</param>
    /// <returns>(B, horizon, action_dim)</returns>
    public override Tensor forward(Tensor condition) => net.call(condition).reshape(-1, _horizon, _actionDim);
}
