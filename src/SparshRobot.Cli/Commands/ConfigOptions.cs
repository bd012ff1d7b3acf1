using System.CommandLine;
using System.Globalization;
using SparshRobot.Core.IO;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// How a training command takes its settings: a YAML configuration, the command's own options over it (each sets one
/// key) and <c>--set section.key=value</c> over both; the effective text is what the run saves and resumes by.
/// </summary>
internal static class ConfigOptions
{
    /// <summary>An optional <c>--config</c>: without it every setting comes from the command line or its default.</summary>
    public static Option<FileInfo?> File(string example) => new("--config")
    {
        Description = $"YAML file with this command's settings ({example}); the options below override it. Relative paths in it resolve against its folder.",
    };

    public static Option<string[]> Set(string examples) => new("--set")
    {
        Description = $"Any setting over the configuration's and the other options', repeatable: section.key=value (e.g. {examples}). "
            + $"The effective configuration is saved as {YamlConfig.EffectiveFile} in the run folder.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// <c>key=value</c> for each of <paramref name="options"/> given on the command line (an option left out keeps the
    /// configuration's value, whatever its own default), then <paramref name="set"/>'s assignments.
    /// </summary>
    public static List<string> Overrides(ParseResult result, Option<string[]> set, params (string Key, Option Option)[] options) =>
    [
        .. options.Select(o => result.GetResult(o.Option) is { Implicit: false } given ? $"{o.Key}={Yaml(given.GetValueOrDefault<object?>())}" : null).OfType<string>(),
        .. result.GetValue(set) ?? [],
    ];

    private static string Yaml(object? value) => value switch
    {
        FileSystemInfo path => Quoted(path.FullName),
        string text => Quoted(text),
        Enum name => name.ToString().ToLowerInvariant(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no YAML form for the option value {value}"),
    };

    private static string Quoted(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
