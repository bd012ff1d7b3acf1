using TorchSharp;

namespace SparshRobot;

/// <summary>
/// One intra-op torch thread. The test models are tiny and the test machines' cores are shared: OpenMP workers
/// spin-waiting on oversubscribed cores make small tensor ops orders of magnitude slower. Linked as source into the
/// test projects that run torch, because SparshRobot.Testing may not reference TorchSharp (every test project would
/// then copy libtorch's natives) and NUnit only runs a [SetUpFixture] compiled into the test assembly itself.
/// </summary>
public static class TorchThreads
{
    public static void UseOne() => torch.set_num_threads(1);
}
