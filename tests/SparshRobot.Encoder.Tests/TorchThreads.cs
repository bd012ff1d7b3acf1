using TorchSharp;

namespace SparshRobot.Encoder.Tests;

/// <summary>
/// One intra-op thread for the whole test run: the test machine's cores are shared, and OpenMP workers that
/// spin-wait on oversubscribed cores make small tensor ops orders of magnitude slower.
/// </summary>
[SetUpFixture]
public sealed class TorchThreads
{
    [OneTimeSetUp]
    public void UseOneThread() => torch.set_num_threads(1);
}
