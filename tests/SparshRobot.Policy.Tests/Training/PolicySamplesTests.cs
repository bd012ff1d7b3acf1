using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Tests.Fixtures;
using SparshRobot.Policy.Training;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Training;

public class PolicySamplesTests
{
    [Test]
    public void WindowsRepeatTheFirstFrameAndChunksEndInZeroDeltas()
    {
        using var data = TinyPolicyData.Create();
        using var samples = new PolicySamples(data.Dataset, data.Store.Load(PolicyDataset.TrainSplit), observationSteps: 2, horizon: 4);
        var episode = data.Dataset.Split(PolicyDataset.TrainSplit)[1];
        var state = data.Dataset.ReadState(episode);
        var action = data.Dataset.ReadAction(episode);
        using var scope = NewDisposeScope();
        // Rows 12 and 23 are the first and last step of episode e1.
        var batch = samples.Batch(tensor(new long[] { 12, 23 }));
        var states = batch.State.data<float>().ToArray();
        var actions = batch.Actions.data<float>().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(batch.Tokens[0].shape, Is.EqualTo(new long[] { 2, 2, 4, 32 }));
            Assert.That(batch.Tokens[0].dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(states[0..3], Is.EqualTo(state[0]), "step 0's older observation is step 0 again");
            Assert.That(states[3..6], Is.EqualTo(state[0]));
            Assert.That(states[6..9], Is.EqualTo(state[10]), "oldest first");
            Assert.That(states[9..12], Is.EqualTo(state[11]));
            Assert.That(actions[0..3], Is.EqualTo(action[0]), "element 0 is the action at the newest observation");
            Assert.That(actions[9..12], Is.EqualTo(action[3]));
            Assert.That(actions[12..15], Is.EqualTo(action[11]), "the last step's own action");
            Assert.That(actions[15..24], Is.All.EqualTo(0f), "past the episode end: hold still");
        });
    }
}
