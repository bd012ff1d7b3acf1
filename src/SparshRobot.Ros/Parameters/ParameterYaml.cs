using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SparshRobot.Ros.Parameters;

/// <summary>
/// ROS 2 parameter YAML (rcl_yaml_param_parser): node keys (optionally namespaced, nested or with <c>/**</c>
/// wildcards), then <c>ros__parameters</c>, then values where nested maps become dotted names. Scalars are typed
/// as rcl types them: quoted is a string; true/yes/on and false/no/off are bools; then integers, then doubles.
/// Lists must be homogeneous.
/// </summary>
public static class ParameterYaml
{
    private const string ParametersKey = "ros__parameters";

    public static IReadOnlyList<ParameterOverride> LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParameterFormatException($"parameters file '{path}' could not be read: {e.Message}");
        }
        return Parse(text, path);
    }

    public static IReadOnlyList<ParameterOverride> Parse(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ParameterFormatException($"{sourceName}:{e.Start.Line}: invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        var result = new List<ParameterOverride>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return result;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(sourceName, stream.Documents[0].RootNode, "the top level must map node names to 'ros__parameters'");
        }
        CollectNodes(root, "", sourceName, result);
        return result;
    }

    /// <summary>
    /// A parameters file for one node as <c>ros2 param dump</c> writes it: <c>/node: ros__parameters:</c>, dotted
    /// names nested as maps, names sorted, scalars as PyYAML prints them (so <see cref="Parse"/> types them back).
    /// </summary>
    public static string Dump(string nodeName, IEnumerable<KeyValuePair<string, ParameterValue>> parameters)
    {
        var text = new System.Text.StringBuilder();
        text.Append(nodeName).Append(":\n  ").Append(ParametersKey).Append(":\n");
        string[] open = [];
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var parts = name.Split('.');
            var shared = 0;
            while (shared < open.Length && shared < parts.Length - 1 && open[shared] == parts[shared])
            {
                shared++;
            }
            for (var level = shared; level < parts.Length - 1; level++)
            {
                text.Append(' ', 4 + 2 * level).Append(parts[level]).Append(":\n");
            }
            open = parts[..^1];
            text.Append(' ', 4 + 2 * open.Length).Append(parts[^1]).Append(": ").Append(DumpValue(value)).Append('\n');
        }
        return text.ToString();
    }

    private static string DumpValue(ParameterValue value) => value.Value switch
    {
        null => throw new ArgumentException("a parameter that is not set cannot be written to a parameters file", nameof(value)),
        System.Collections.IEnumerable items and not string =>
            "[" + string.Join(", ", items.Cast<object>().Select(i => Messages.Dynamic.MessageYaml.Scalar(i is byte b ? (long)b : i))) + "]",
        var scalar => Messages.Dynamic.MessageYaml.Scalar(scalar),
    };

    /// <summary>A <c>-p name:=value</c> value: YAML, typed like a file scalar or a flow list.</summary>
    public static ParameterValue ParseValue(string yamlText, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            throw new ParameterFormatException($"{sourceName}: value '{yamlText}' is not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0)
        {
            return ParameterValue.Of("");
        }
        return Convert(stream.Documents[0].RootNode, sourceName);
    }

    private static void CollectNodes(YamlMappingNode mapping, string prefix, string source, List<ParameterOverride> result)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (key == ParametersKey)
            {
                throw Error(source, keyNode, "'ros__parameters' must be under a node name");
            }
            var nodeName = prefix.Length == 0 ? (key.StartsWith('/') ? key : "/" + key) : prefix.TrimEnd('/') + "/" + key.TrimStart('/');
            if (valueNode is not YamlMappingNode child)
            {
                throw Error(source, valueNode, $"'{key}' must map to 'ros__parameters' (or to nested node names)");
            }
            if (child.Children.TryGetValue(new YamlScalarNode(ParametersKey), out var parameters))
            {
                if (child.Children.Count != 1)
                {
                    throw Error(source, child, $"node '{nodeName}' may hold only 'ros__parameters'");
                }
                if (parameters is YamlScalarNode { Value: null or "" })
                {
                    continue; // an empty parameter block is allowed
                }
                if (parameters is not YamlMappingNode parameterMap)
                {
                    throw Error(source, parameters, $"'ros__parameters' of '{nodeName}' must be a map of parameter names to values");
                }
                CollectParameters(parameterMap, nodeName, "", source, result);
            }
            else
            {
                CollectNodes(child, nodeName, source, result);
            }
        }
    }

    private static void CollectParameters(YamlMappingNode map, string node, string prefix, string source, List<ParameterOverride> result)
    {
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = prefix + ((YamlScalarNode)keyNode).Value;
            if (valueNode is YamlMappingNode nested)
            {
                CollectParameters(nested, node, name + ".", source, result);
                continue;
            }
            result.Add(new ParameterOverride(node, name, Convert(valueNode, $"{source}:{valueNode.Start.Line}"), $"{source}:{valueNode.Start.Line}"));
        }
    }

    private static ParameterValue Convert(YamlNode node, string source)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return Scalar(scalar.Value ?? "", scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded);
            case YamlSequenceNode sequence:
                var items = sequence.Children.Select(c => c is YamlScalarNode s
                    ? Scalar(s.Value ?? "", s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
                    : throw new ParameterFormatException($"{source}: list items must be scalars")).ToList();
                if (items.Count == 0)
                {
                    throw new ParameterFormatException($"{source}: an empty list has no type (ROS 2 cannot infer it)");
                }
                var type = items[0].Type;
                if (items.Any(i => i.Type != type))
                {
                    throw new ParameterFormatException(
                        $"{source}: list mixes {string.Join(" and ", items.Select(i => ParameterValue.TypeName(i.Type)).Distinct())}; ROS 2 lists must be homogeneous");
                }
                return type switch
                {
                    ParameterType.Bool => ParameterValue.Of(items.Select(i => i.Get<bool>()).ToArray()),
                    ParameterType.Integer => ParameterValue.Of(items.Select(i => i.Get<long>()).ToArray()),
                    ParameterType.Double => ParameterValue.Of(items.Select(i => i.Get<double>()).ToArray()),
                    _ => ParameterValue.Of(items.Select(i => i.Get<string>()).ToArray()),
                };
            default:
                throw new ParameterFormatException($"{source}: a parameter value must be a scalar or a list");
        }
    }

    /// <summary>Types a YAML scalar the way rcl_yaml_param_parser does.</summary>
    public static ParameterValue Scalar(string text, bool quoted)
    {
        if (quoted)
        {
            return ParameterValue.Of(text);
        }
        switch (text)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return ParameterValue.Of(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return ParameterValue.Of(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return ParameterValue.Of(integer);
        }
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return ParameterValue.Of(hex);
        }
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf":
                return ParameterValue.Of(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return ParameterValue.Of(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return ParameterValue.Of(double.NaN);
        }
        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return ParameterValue.Of(real);
        }
        return ParameterValue.Of(text);
    }

    private static ParameterFormatException Error(string source, YamlNode node, string message) =>
        new($"{source}:{node.Start.Line}: {message}");
}
