using TorchSharp;

namespace SparshRobot.Policy.Ros.Tests;

/// <summary>The test models are tiny: one intra-op thread avoids OpenMP spin-waits on a shared 2-core machine.</summary>
[SetUpFixture]
public sealed class TorchThreads
{
    [OneTimeSetUp]
    public void SingleThread() => torch.set_num_threads(1);
}
