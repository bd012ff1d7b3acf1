namespace SparshRobot;

/// <summary>
/// <see cref="TorchThreads.UseOne"/> once before any test of an assembly whose tests run torch: this fixture sits in
/// the <c>SparshRobot</c> namespace, above every test namespace.
/// </summary>
[SetUpFixture]
public sealed class SingleTorchThread
{
    [OneTimeSetUp]
    public void UseOneThread() => TorchThreads.UseOne();
}
