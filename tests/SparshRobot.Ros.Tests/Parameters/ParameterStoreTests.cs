using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Tests.Parameters;

public class ParameterStoreTests
{
    private static ParameterStore Store() => new("/ctl", []);

    [TestCase(0L, true)]
    [TestCase(10L, true)]
    [TestCase(4L, true)]
    [TestCase(5L, false)]
    [TestCase(-2L, false)]
    [TestCase(12L, false)]
    public void IntegerRangesAllowTheBoundsAndWholeSteps(long value, bool accepted)
    {
        var store = Store();
        store.Declare(new ParameterDescriptor("n", ParameterType.Integer) { IntegerRange = new IntegerRange(0, 10, 2) }, ParameterValue.Of(2L));
        var result = store.TrySet([new ParameterChange("n", ParameterValue.Of(value))]);
        Assert.That(result.Successful, Is.EqualTo(accepted), result.Reason);
        Assert.That(store.Get<long>("n"), Is.EqualTo(accepted ? value : 2L));
        if (!accepted)
        {
            Assert.That(result.Reason, Is.EqualTo($"parameter 'n' = {value} is outside its integer range [0, 10] with step 2"));
        }
    }

    [TestCase(0.3, true)]
    [TestCase(1.0, true)]
    [TestCase(0.1 + 0.2, true)] // 0.30000000000000004: within rclcpp's 1e-6 of a step
    [TestCase(0.35, false)]
    [TestCase(1.05, false)]
    public void FloatingPointRangesUseRclcppsTolerance(double value, bool accepted)
    {
        var store = Store();
        store.Declare(new ParameterDescriptor("gain", ParameterType.Double) { FloatingPointRange = new FloatingPointRange(0, 1, 0.1) }, ParameterValue.Of(0.5));
        Assert.That(store.TrySet([new ParameterChange("gain", ParameterValue.Of(value))]).Successful, Is.EqualTo(accepted));
    }

    [Test]
    public void ADefaultOutsideItsRangeIsRefusedAtDeclaration()
    {
        var store = Store();
        var e = Assert.Throws<ParameterException>(() =>
            store.Declare(new ParameterDescriptor("n", ParameterType.Integer) { IntegerRange = new IntegerRange(0, 5) }, ParameterValue.Of(9L)));
        Assert.That(e!.Message, Is.EqualTo("node '/ctl': parameter 'n' = 9 is outside its integer range [0, 5]"));
    }

    [Test]
    public void ASetIsAllOrNothingAndValidatorsCanRefuseIt()
    {
        var store = Store();
        store.Declare("kp", 1.0);
        store.Declare("ki", 0.1);
        store.Declare("frame", "base", readOnly: true);
        var events = new List<ParameterEventArgs>();
        store.Event += events.Add;
        using var validator = store.AddValidator(changes =>
            changes.Any(c => c.Name == "kp" && c.Value.Get<double>() < 0) ? new ParameterSetResult(false, "kp must not be negative") : ParameterSetResult.Success);

        var refusedType = store.TrySet([new ParameterChange("kp", ParameterValue.Of(2.0)), new ParameterChange("ki", ParameterValue.Of("x"))]);
        var refusedByNode = store.TrySet([new ParameterChange("ki", ParameterValue.Of(0.2)), new ParameterChange("kp", ParameterValue.Of(-1.0))]);
        var refusedReadOnly = store.TrySet([new ParameterChange("frame", ParameterValue.Of("tool"))]);
        var refusedUndeclared = store.TrySet([new ParameterChange("kd", ParameterValue.Of(1.0))]);

        Assert.Multiple(() =>
        {
            Assert.That(refusedType.Reason, Is.EqualTo("parameter 'ki' expects double, not string 'x'"));
            Assert.That(refusedByNode.Reason, Is.EqualTo("kp must not be negative"));
            Assert.That(refusedReadOnly.Reason, Is.EqualTo("parameter 'frame' cannot be set because it is read-only"));
            Assert.That(refusedUndeclared.Reason, Is.EqualTo("parameter 'kd' cannot be set because it was not declared"));
            Assert.That((store.Get<double>("kp"), store.Get<double>("ki")), Is.EqualTo((1.0, 0.1)), "nothing applied");
            Assert.That(events, Is.Empty, "refused sets raise no event");
        });

        Assert.That(store.TrySet([new ParameterChange("kp", ParameterValue.Of(3.0)), new ParameterChange("ki", ParameterValue.Of(0.3))]).Successful, Is.True);
        Assert.That(events.Single().Changed.Select(c => (c.Name, c.Value.Get<double>())), Is.EqualTo(new[] { ("kp", 3.0), ("ki", 0.3) }));

        validator.Dispose();
        Assert.That(store.TrySet([new ParameterChange("kp", ParameterValue.Of(-1.0))]).Successful, Is.True, "a removed validator no longer refuses");
    }

    [Test]
    public void ANotSetValueUndeclaresADynamicallyTypedParameterAndIsRaisedAsDeleted()
    {
        var store = Store();
        store.Declare(new ParameterDescriptor("scratch", ParameterType.Double) { DynamicTyping = true }, ParameterValue.Of(1.5));
        store.Declare("kp", 2.0);
        var events = new List<ParameterEventArgs>();
        store.Event += events.Add;

        var result = store.TrySet([new ParameterChange("scratch", ParameterValue.NotSet), new ParameterChange("kp", ParameterValue.Of(3.0))]);

        Assert.That(result.Successful, Is.True, result.Reason);
        Assert.That((store.IsDeclared("scratch"), store.Names), Is.EqualTo((false, new[] { "kp" })));
        var raised = events.Single();
        Assert.That(raised.Deleted, Is.EqualTo(new[] { new ParameterChange("scratch", ParameterValue.Of(1.5)) }), "deleted with the value it had");
        Assert.That(raised.Changed, Is.EqualTo(new[] { new ParameterChange("kp", ParameterValue.Of(3.0)) }));
        Assert.That(store.TrySet([new ParameterChange("scratch", ParameterValue.Of(1.0))]).Reason,
            Is.EqualTo("parameter 'scratch' cannot be set because it was not declared"), "gone until declared again");
        store.Declare("scratch", ParameterValue.Of("again"));
        Assert.That(store.Get("scratch"), Is.EqualTo(ParameterValue.Of("again")), "a name can be declared again, with another type");
    }

    [Test]
    public void ADynamicallyTypedParameterTakesTheTypeOfItsNewValue()
    {
        var store = Store();
        store.Declare(new ParameterDescriptor("mode", ParameterType.Integer) { DynamicTyping = true }, ParameterValue.Of(1L));

        Assert.That(store.TrySet([new ParameterChange("mode", ParameterValue.Of("fast"))]).Successful, Is.True);
        Assert.That((store.Get("mode"), store.Describe("mode").Type), Is.EqualTo((ParameterValue.Of("fast"), ParameterType.String)));
    }

    [TestCase(false, false, "kp", "cannot undeclare a statically typed parameter")]
    [TestCase(true, true, "kp", "parameter 'kp' cannot be set because it is read-only")]
    [TestCase(true, false, "kd", "parameter 'kd' cannot be set because it was not declared")]
    public void UndeclaringIsRefusedAsRclcppRefusesIt(bool dynamic, bool readOnly, string name, string reason)
    {
        var store = Store();
        store.Declare(new ParameterDescriptor("kp", ParameterType.Double, ReadOnly: readOnly) { DynamicTyping = dynamic }, ParameterValue.Of(2.0));
        var events = new List<ParameterEventArgs>();
        store.Event += events.Add;

        var result = store.TrySet([new ParameterChange(name, ParameterValue.NotSet)]);

        Assert.That((result.Successful, result.Reason), Is.EqualTo((false, reason)));
        Assert.That((store.Get<double>("kp"), events.Count), Is.EqualTo((2.0, 0)), "nothing changed, nothing raised");
    }

    [Test]
    public void DeclarationsAreRaisedAsNewParameters()
    {
        var store = Store();
        var events = new List<ParameterEventArgs>();
        store.Event += events.Add;
        store.Declare("rate", 30L);
        Assert.That(events.Single().New.Single(), Is.EqualTo(new ParameterChange("rate", ParameterValue.Of(30L))));
        Assert.That(events.Single().Changed, Is.Empty);
    }

    private static readonly string[] Tree = ["a", "b.c", "b.d.e", "b.d.f.g", "bc", "x.y"];

    [TestCase(new string[0], 0UL, new[] { "a", "b.c", "b.d.e", "b.d.f.g", "bc", "x.y" }, new[] { "b", "b.d", "b.d.f", "x" })]
    [TestCase(new string[0], 1UL, new[] { "a", "bc" }, new string[0])]
    [TestCase(new string[0], 2UL, new[] { "a", "b.c", "bc", "x.y" }, new[] { "b", "x" })]
    [TestCase(new[] { "b" }, 0UL, new[] { "b.c", "b.d.e", "b.d.f.g" }, new[] { "b", "b.d", "b.d.f" })]
    [TestCase(new[] { "b" }, 1UL, new[] { "b.c" }, new[] { "b" })]
    [TestCase(new[] { "b.d", "a" }, 1UL, new[] { "a", "b.d.e" }, new[] { "b.d" })]
    public void ListingFollowsRclcppsPrefixAndDepthRules(string[] prefixes, ulong depth, string[] names, string[] parents)
    {
        var store = Store();
        foreach (var name in Tree)
        {
            store.Declare(name, 1L);
        }
        var (listed, listedPrefixes) = store.List(prefixes, depth);
        Assert.That(listed, Is.EqualTo(names));
        Assert.That(listedPrefixes, Is.EqualTo(parents));
    }

    [Test]
    public void ValuesPrintAsRosToolsShowThem()
    {
        Assert.That(ParameterValue.Of(new byte[] { 1, 255 }).ToString(), Is.EqualTo("[1, 255]"));
        Assert.That(ParameterValue.Of(new[] { 1L, -2L }).ToString(), Is.EqualTo("[1, -2]"));
        Assert.That(ParameterValue.Of(new[] { true, false }).ToString(), Is.EqualTo("[true, false]"));
    }
}
