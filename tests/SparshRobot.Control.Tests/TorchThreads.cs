using TorchSharp;

namespace SparshRobot.Control.Tests;

/// <summary>One intra-op thread for the whole run: the test machine's cores are shared (see the Encoder tests).</summary>
[SetUpFixture]
public sealed class TorchThreads
{
    [OneTimeSetUp]
    public void UseOneThread() => torch.set_num_threads(1);
}
