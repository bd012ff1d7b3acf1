using System.Globalization;
using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Launch;

/// <summary>A launch file problem; <see cref="Exception.Message"/> starts with <c>file:line:</c>.</summary>
public sealed class LaunchException(string message) : Exception(message);

/// <summary>A parameter set by a <c>&lt;param&gt;</c>: either a value (dotted name) or a YAML file (<c>from</c>).</summary>
public sealed record LaunchParameter(string? Name, ParameterValue? Value, string? FromFile);

/// <summary>What to run: a <c>&lt;node&gt;</c> or an <c>&lt;executable&gt;</c>, with its origin for messages.</summary>
public abstract record LaunchAction(string Source, string Output, bool Respawn, double RespawnDelaySeconds, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The label output lines are prefixed with.</summary>
    public abstract string Label { get; }
}

/// <summary>A <c>&lt;node&gt;</c> after substitution: namespace already combined with pushed namespaces.</summary>
public sealed record LaunchNode(
    string Package,
    string Executable,
    string? Name,
    string? Namespace,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> ExtraRosArguments,
    IReadOnlyList<LaunchParameter> Parameters,
    IReadOnlyList<(string From, string To)> Remaps,
    string Source,
    string Output,
    bool Respawn,
    double RespawnDelaySeconds,
    IReadOnlyDictionary<string, string> Environment) : LaunchAction(Source, Output, Respawn, RespawnDelaySeconds, Environment)
{
    public override string Label => Name ?? Executable;

    /// <summary>
    /// The command line launch_ros gives the executable (launch_ros actions/node.py): program arguments, then
    /// <c>--ros-args</c> with <c>__node</c>, <c>__ns</c>, one params file per <c>&lt;param name&gt;</c> group
    /// (written into <paramref name="scratch"/>), <c>from</c> files as they are, and the remaps.
    /// </summary>
    public IReadOnlyList<string> CommandLine(DirectoryInfo scratch)
    {
        var argv = new List<string>(Arguments);
        if (ExtraRosArguments.Count > 0)
        {
            argv.Add("--ros-args");
            argv.AddRange(ExtraRosArguments);
        }
        argv.Add("--ros-args");
        if (Name is not null)
        {
            argv.AddRange(["-r", $"__node:={Name}"]);
        }
        if (Namespace is not null)
        {
            argv.AddRange(["-r", $"__ns:={Namespace}"]);
        }
        var values = Parameters.Where(p => p.Value is not null).ToList();
        if (values.Count > 0)
        {
            var key = Name is not null && Namespace is not null ? (Namespace == "/" ? "/" + Name : $"{Namespace}/{Name}") : "/**";
            var file = Path.Combine(scratch.FullName, $"launch_params_{Guid.NewGuid():N}.yaml");
            File.WriteAllText(file, ParamsYaml(key, values));
            argv.AddRange(["--params-file", file]);
        }
        foreach (var p in Parameters.Where(p => p.FromFile is not null))
        {
            argv.AddRange(["--params-file", p.FromFile!]);
        }
        foreach (var (from, to) in Remaps)
        {
            argv.AddRange(["-r", $"{from}:={to}"]);
        }
        return argv;
    }

    private static string ParamsYaml(string key, IEnumerable<LaunchParameter> values)
    {
        var w = new System.Text.StringBuilder();
        w.Append(Quote(key)).Append(":\n  ros__parameters:\n");
        foreach (var p in values)
        {
            w.Append("    ").Append(Quote(p.Name!)).Append(": ").Append(Yaml(p.Value!)).Append('\n');
        }
        return w.ToString();
    }

    private static string Yaml(ParameterValue value) => value.Value switch
    {
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => double.IsPositiveInfinity(d) ? ".inf" : double.IsNegativeInfinity(d) ? "-.inf" : double.IsNaN(d) ? ".nan"
            : d.ToString("R", CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object>().Select(x => Yaml(ParameterValue.From(x)))) + "]",
        _ => throw new ArgumentException($"unsupported parameter value {value}"),
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>An <c>&lt;executable cmd=...&gt;</c>: any program, run as a child process.</summary>
public sealed record LaunchExecutable(
    string Command,
    IReadOnlyList<string> Arguments,
    string? Name,
    string Source,
    string Output,
    bool Respawn,
    double RespawnDelaySeconds,
    IReadOnlyDictionary<string, string> Environment) : LaunchAction(Source, Output, Respawn, RespawnDelaySeconds, Environment)
{
    public override string Label => Name ?? Path.GetFileName(Command);
}

/// <summary>A parsed launch file: the actions to run, in file order, and the arguments it resolved.</summary>
public sealed record LaunchDescription(IReadOnlyList<LaunchAction> Actions, IReadOnlyDictionary<string, string> Arguments);
