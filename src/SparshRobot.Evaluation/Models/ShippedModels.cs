using SparshRobot.Core.IO;

namespace SparshRobot.Evaluation.Models;

/// <summary>
/// The models shipped in <c>policies/models/</c> (or any folder of that layout, e.g. a pipeline run's
/// <c>models/</c>): <c>encoder/</c> (the frozen Sparsh encoder), <c>probes/</c> (force/, slip/, pose/ attentive
/// probes) and <c>mlp_chunk/</c> (the BC policy), each with its <see cref="ModelCard"/>. <see cref="Open"/> verifies
/// every file against its card and that the probes and the policy were trained on the shipped encoder, so nothing
/// is silently retrained or loaded against the wrong weights.
/// </summary>
public sealed record ShippedModels(string Root, ModelCard Encoder, ModelCard Probes, ModelCard Policy)
{
    public const string EncoderFolder = "encoder";
    public const string ProbesFolder = "probes";
    public const string PolicyFolder = "mlp_chunk";
    public const string EncoderFileName = "encoder.safetensors";
    public const string PolicyFileName = "policy.safetensors";

    private static readonly string[] DefaultRelative = ["policies", "models"];

    public string EncoderFile => Path.Combine(Root, EncoderFolder, EncoderFileName);

    public string ProbesDirectory => Path.Combine(Root, ProbesFolder);

    public string PolicyFile => Path.Combine(Root, PolicyFolder, PolicyFileName);

    public IEnumerable<ModelCard> Cards => [Encoder, Probes, Policy];

    /// <summary>Verifies the three cards under <paramref name="root"/> and their files; throws <see cref="ModelCardException"/> naming what is wrong.</summary>
    public static ShippedModels Open(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new ModelCardException($"{root}: no such models folder; expected {EncoderFolder}/, {ProbesFolder}/ and {PolicyFolder}/ with a card.yaml each");
        }
        var encoder = ModelCard.LoadVerified(Path.Combine(root, EncoderFolder));
        var probes = ModelCard.LoadVerified(Path.Combine(root, ProbesFolder));
        var policy = ModelCard.LoadVerified(Path.Combine(root, PolicyFolder));
        foreach (var (card, folder) in new[] { (probes, ProbesFolder), (policy, PolicyFolder) })
        {
            if (!string.Equals(card.EncoderIdentity, encoder.EncoderIdentity, StringComparison.Ordinal))
            {
                throw new ModelCardException($"{Path.Combine(root, folder, ModelCard.FileName)}: trained on encoder {Short(card.EncoderIdentity)}, " +
                    $"but {Path.Combine(root, EncoderFolder, EncoderFileName)} is {Short(encoder.EncoderIdentity)}; ship models trained on the shipped encoder");
            }
        }
        return new ShippedModels(Path.GetFullPath(root), encoder, probes, policy);
    }

    /// <summary><c>policies/models</c> in the working directory or the nearest folder above it that has one; null when none does.</summary>
    public static string? FindDefaultRoot() => AncestorPaths.Find(DefaultRelative);

    private static string Short(string identity) => identity.Length > 12 ? identity[..12] + "…" : identity;
}
