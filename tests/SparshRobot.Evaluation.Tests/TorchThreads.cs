namespace SparshRobot.Evaluation.Tests;

/// <summary>One intra-op thread: OpenMP spin-waits on a shared 2-core machine make tiny models crawl otherwise.</summary>
[SetUpFixture]
public sealed class TorchThreads
{
    [OneTimeSetUp]
    public void SingleThread() => TorchSharp.torch.set_num_threads(1);
}
