using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Parameters;

namespace SparshRobot.Ros.Launch;

/// <summary>
/// Reads ROS 2 launch XML (launch_xml + launch_ros frontends): <c>launch</c>, <c>arg</c>, <c>let</c>,
/// <c>group</c> (scoped), <c>push_ros_namespace</c>, <c>set_env</c>, <c>set_parameter</c>, <c>set_remap</c>,
/// <c>include</c> (with <c>arg</c>), <c>node</c> (with <c>param</c>, <c>remap</c>, <c>env</c>) and
/// <c>executable</c>; <c>if</c>/<c>unless</c> on every action; substitutions <c>$(var)</c>, <c>$(env NAME
/// [default])</c>, <c>$(optenv NAME [default])</c>, <c>$(dirname)</c>, <c>$(anon name)</c>. Anything else is an
/// error naming file, line and the tag, attribute or substitution.
/// </summary>
public static class LaunchParser
{
    private static readonly HashSet<string> ActionTags =
        ["arg", "let", "group", "push_ros_namespace", "push-ros-namespace", "set_env", "set_parameter", "set_remap", "include", "node", "executable"];

    public static LaunchDescription ParseFile(string path, IReadOnlyDictionary<string, string>? arguments = null)
    {
        var full = Path.GetFullPath(path);
        var scope = new Scope(new Dictionary<string, string>(arguments ?? new Dictionary<string, string>(), StringComparer.Ordinal));
        var actions = new List<LaunchAction>();
        ParseInto(full, scope, actions, [], arguments ?? new Dictionary<string, string>());
        return new LaunchDescription(actions, scope.Variables);
    }

    private static void ParseInto(string file, Scope scope, List<LaunchAction> actions, HashSet<string> includeStack, IReadOnlyDictionary<string, string> given)
    {
        if (!includeStack.Add(file))
        {
            throw new LaunchException($"{file}: included recursively");
        }
        XDocument doc;
        try
        {
            doc = XDocument.Load(file, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new LaunchException($"{file}:{e.LineNumber}: not well-formed XML: {e.Message}");
        }
        catch (IOException e)
        {
            throw new LaunchException($"{file}: cannot be read: {e.Message}");
        }
        var root = doc.Root!;
        if (root.Name.LocalName != "launch")
        {
            throw Error(file, root, $"the root element must be <launch>, not <{root.Name.LocalName}>");
        }
        var context = new FileContext(file, given);
        ParseChildren(context, root, scope, actions, includeStack);
        includeStack.Remove(file);
    }

    private static void ParseChildren(FileContext file, XElement parent, Scope scope, List<LaunchAction> actions, HashSet<string> includeStack)
    {
        foreach (var element in parent.Elements())
        {
            var tag = element.Name.LocalName;
            if (!ActionTags.Contains(tag))
            {
                throw Error(file.Path, element, $"unknown tag <{tag}> in <{parent.Name.LocalName}> (supported: {string.Join(", ", ActionTags.Order())})");
            }
            if (!Condition(file, element, scope))
            {
                continue;
            }
            switch (tag)
            {
                case "arg":
                    Allowed(file, element, "name", "default", "description", "if", "unless");
                    var name = Required(file, element, "name", scope);
                    if (!file.Given.TryGetValue(name, out var value))
                    {
                        value = Optional(file, element, "default", scope)
                            ?? (scope.Variables.TryGetValue(name, out var existing) ? existing
                                : throw Error(file.Path, element, $"argument '{name}' has no default and was not given (pass {name}:=VALUE)"));
                    }
                    scope.Variables[name] = value;
                    break;
                case "let":
                    Allowed(file, element, "name", "value", "if", "unless");
                    scope.Variables[Required(file, element, "name", scope)] = Required(file, element, "value", scope);
                    break;
                case "group":
                    Allowed(file, element, "scoped", "forwarding", "if", "unless");
                    var scoped = Optional(file, element, "scoped", scope) is not { } s || Bool(file, element, "scoped", s);
                    ParseChildren(file, element, scoped ? scope.Child() : scope, actions, includeStack);
                    break;
                case "push_ros_namespace" or "push-ros-namespace":
                    Allowed(file, element, "namespace", "if", "unless");
                    scope.Namespace = CombineNamespace(scope.Namespace, Required(file, element, "namespace", scope), file, element);
                    break;
                case "set_env":
                    Allowed(file, element, "name", "value", "if", "unless");
                    scope.Environment[Required(file, element, "name", scope)] = Required(file, element, "value", scope);
                    break;
                case "set_parameter":
                    Allowed(file, element, "name", "value", "if", "unless");
                    var pname = Required(file, element, "name", scope);
                    scope.GlobalParameters.Add(new LaunchParameter(pname, ParameterValueOf(file, element, Required(file, element, "value", scope), null), null));
                    break;
                case "set_remap":
                    Allowed(file, element, "from", "to", "if", "unless");
                    scope.GlobalRemaps.Add((Required(file, element, "from", scope), Required(file, element, "to", scope)));
                    break;
                case "include":
                    Include(file, element, scope, actions, includeStack);
                    break;
                case "node":
                    actions.Add(ParseNode(file, element, scope));
                    break;
                case "executable":
                    actions.Add(ParseExecutable(file, element, scope));
                    break;
            }
        }
    }

    private static void Include(FileContext file, XElement element, Scope scope, List<LaunchAction> actions, HashSet<string> includeStack)
    {
        Allowed(file, element, "file", "if", "unless");
        var target = Required(file, element, "file", scope);
        var path = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(file.Path)!, target));
        if (!File.Exists(path))
        {
            throw Error(file.Path, element, $"included file '{target}' does not exist ({path})");
        }
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "arg")
            {
                throw Error(file.Path, child, $"unknown tag <{child.Name.LocalName}> in <include> (only <arg name value> is allowed)");
            }
            Allowed(file, child, "name", "value");
            given[Required(file, child, "name", scope)] = Required(file, child, "value", scope);
        }
        // The included file sees the includer's variables and namespace, in its own scope.
        ParseInto(path, scope.Child(), actions, includeStack, given);
    }

    private static LaunchNode ParseNode(FileContext file, XElement element, Scope scope)
    {
        Allowed(file, element, "pkg", "exec", "name", "namespace", "args", "ros_args", "output", "respawn", "respawn_delay", "if", "unless", "launch-prefix", "cwd");
        if (element.Attribute("launch-prefix") is not null || element.Attribute("cwd") is not null)
        {
            throw Error(file.Path, element, "attributes 'launch-prefix' and 'cwd' are not supported");
        }
        var ns = Optional(file, element, "namespace", scope) is { } nodeNs ? CombineNamespace(scope.Namespace, nodeNs, file, element) : scope.Namespace;
        var name = Optional(file, element, "name", scope);
        if (name is not null)
        {
            Guard(file, element, () => Names.ValidateNodeName(name));
        }
        var parameters = new List<LaunchParameter>(scope.AllGlobalParameters());
        var remaps = new List<(string, string)>(scope.AllGlobalRemaps());
        var env = scope.EffectiveEnvironment();
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "param":
                    parameters.AddRange(ParseParam(file, child, scope, ""));
                    break;
                case "remap":
                    Allowed(file, child, "from", "to");
                    remaps.Add((Required(file, child, "from", scope), Required(file, child, "to", scope)));
                    break;
                case "env":
                    Allowed(file, child, "name", "value");
                    env[Required(file, child, "name", scope)] = Required(file, child, "value", scope);
                    break;
                default:
                    throw Error(file.Path, child, $"unknown tag <{child.Name.LocalName}> in <node> (supported: param, remap, env)");
            }
        }
        return new LaunchNode(
            Required(file, element, "pkg", scope),
            Required(file, element, "exec", scope),
            name,
            ns == "/" && element.Attribute("namespace") is null && scope.Namespace == "/" ? null : ns,
            SplitArgs(Optional(file, element, "args", scope)),
            SplitArgs(Optional(file, element, "ros_args", scope)),
            parameters,
            remaps,
            $"{file.Path}:{Line(element)}",
            Optional(file, element, "output", scope) ?? "log",
            Optional(file, element, "respawn", scope) is { } r && Bool(file, element, "respawn", r),
            RespawnDelay(file, element, scope),
            env);
    }

    private static LaunchExecutable ParseExecutable(FileContext file, XElement element, Scope scope)
    {
        Allowed(file, element, "cmd", "name", "args", "output", "respawn", "respawn_delay", "if", "unless");
        var env = scope.EffectiveEnvironment();
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "env")
            {
                throw Error(file.Path, child, $"unknown tag <{child.Name.LocalName}> in <executable> (supported: env)");
            }
            Allowed(file, child, "name", "value");
            env[Required(file, child, "name", scope)] = Required(file, child, "value", scope);
        }
        var cmd = SplitArgs(Required(file, element, "cmd", scope));
        if (cmd.Count == 0)
        {
            throw Error(file.Path, element, "attribute 'cmd' is empty");
        }
        return new LaunchExecutable(cmd[0], [.. cmd.Skip(1), .. SplitArgs(Optional(file, element, "args", scope))], Optional(file, element, "name", scope),
            $"{file.Path}:{Line(element)}", Optional(file, element, "output", scope) ?? "log",
            Optional(file, element, "respawn", scope) is { } r && Bool(file, element, "respawn", r), RespawnDelay(file, element, scope), env);
    }

    private static IEnumerable<LaunchParameter> ParseParam(FileContext file, XElement element, Scope scope, string prefix)
    {
        Allowed(file, element, "name", "value", "type", "value-sep", "from");
        if (Optional(file, element, "from", scope) is { } from)
        {
            if (element.Attribute("name") is not null || element.Attribute("value") is not null)
            {
                throw Error(file.Path, element, "<param from=...> takes no name or value");
            }
            var path = Path.IsPathRooted(from) ? from : Path.Combine(Path.GetDirectoryName(file.Path)!, from);
            if (!File.Exists(path))
            {
                throw Error(file.Path, element, $"parameter file '{from}' does not exist");
            }
            Guard(file, element, () => ParameterYaml.LoadFile(path)); // reject a bad file now, naming its line
            return [new LaunchParameter(null, null, Path.GetFullPath(path))];
        }
        var name = prefix + Required(file, element, "name", scope);
        var nested = element.Elements().ToList();
        if (nested.Count > 0)
        {
            if (element.Attribute("value") is not null)
            {
                throw Error(file.Path, element, $"<param name=\"{name}\"> has both a value and nested parameters");
            }
            return nested.SelectMany(n => n.Name.LocalName == "param"
                ? ParseParam(file, n, scope, name + ".")
                : throw Error(file.Path, n, $"unknown tag <{n.Name.LocalName}> in <param> (only nested <param> is allowed)"));
        }
        var text = Required(file, element, "value", scope);
        var type = Optional(file, element, "type", scope);
        var sep = Optional(file, element, "value-sep", scope);
        return [new LaunchParameter(name, ParameterValueOf(file, element, text, type, sep), null)];
    }

    private static ParameterValue ParameterValueOf(FileContext file, XElement element, string text, string? type, string? separator = null)
    {
        try
        {
            if (separator is not null)
            {
                var items = text.Split(separator).Select(s => s.Trim()).ToArray();
                return ParameterYaml.ParseValue("[" + string.Join(", ", items.Select(i => type is "str" ? $"'{i.Replace("'", "''", StringComparison.Ordinal)}'" : i)) + "]",
                    $"{file.Path}:{Line(element)}");
            }
            return type switch
            {
                null or "" => ParameterYaml.ParseValue(text, $"{file.Path}:{Line(element)}"),
                "str" => ParameterValue.Of(text),
                "int" => ParameterValue.Of(long.Parse(text, CultureInfo.InvariantCulture)),
                "float" => ParameterValue.Of(double.Parse(text, CultureInfo.InvariantCulture)),
                "bool" => ParameterValue.Of(Bool(file, element, "value", text)),
                _ => throw Error(file.Path, element, $"parameter type '{type}' is unknown (expected str, int, float or bool)"),
            };
        }
        catch (FormatException)
        {
            throw Error(file.Path, element, $"value '{text}' is not a valid {type}");
        }
        catch (ParameterFormatException e)
        {
            throw new LaunchException(e.Message);
        }
    }

    private static double RespawnDelay(FileContext file, XElement element, Scope scope) =>
        Optional(file, element, "respawn_delay", scope) is not { } text ? 0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d
        : throw Error(file.Path, element, $"respawn_delay '{text}' is not a non-negative number of seconds");

    private static bool Condition(FileContext file, XElement element, Scope scope)
    {
        var when = Optional(file, element, "if", scope);
        var unless = Optional(file, element, "unless", scope);
        return (when is null || Bool(file, element, "if", when)) && (unless is null || !Bool(file, element, "unless", unless));
    }

    private static bool Bool(FileContext file, XElement element, string attribute, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw Error(file.Path, element, $"attribute '{attribute}' is '{text}', expected true or false"),
    };

    private static string CombineNamespace(string current, string pushed, FileContext file, XElement element)
    {
        var trimmed = pushed.Trim();
        if (trimmed.Length == 0)
        {
            return current;
        }
        var combined = trimmed.StartsWith('/') ? trimmed : (current == "/" ? "/" : current + "/") + trimmed;
        return Guard(file, element, () => Names.NormalizeNamespace(combined.TrimEnd('/') is { Length: > 0 } t ? t : "/"));
    }

    private static T Guard<T>(FileContext file, XElement element, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            throw Error(file.Path, element, e.Message);
        }
        catch (ParameterFormatException e)
        {
            throw Error(file.Path, element, e.Message);
        }
    }

    private static void Guard(FileContext file, XElement element, Action action) => Guard(file, element, () =>
    {
        action();
        return 0;
    });

    private static void Allowed(FileContext file, XElement element, params string[] names)
    {
        foreach (var attribute in element.Attributes())
        {
            if (!attribute.IsNamespaceDeclaration && !names.Contains(attribute.Name.LocalName))
            {
                throw Error(file.Path, element, $"<{element.Name.LocalName}> has unknown attribute '{attribute.Name.LocalName}' (allowed: {string.Join(", ", names)})");
            }
        }
    }

    private static string Required(FileContext file, XElement element, string attribute, Scope scope) =>
        Optional(file, element, attribute, scope) ?? throw Error(file.Path, element, $"<{element.Name.LocalName}> needs attribute '{attribute}'");

    private static string? Optional(FileContext file, XElement element, string attribute, Scope scope) =>
        element.Attribute(attribute) is { } a ? Substitute(a.Value, file, element, scope) : null;

    /// <summary>Expands <c>$(...)</c> substitutions, innermost first, so they can nest: <c>$(var $(var which))</c>.</summary>
    internal static string Substitute(string text, FileContext file, XElement element, Scope scope)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var (value, next) = Evaluate(text, i + 2, file, element, scope);
                output.Append(value);
                i = next;
            }
            else
            {
                output.Append(text[i++]);
            }
        }
        return output.ToString();
    }

    private static (string Value, int Next) Evaluate(string text, int start, FileContext file, XElement element, Scope scope)
    {
        var body = new StringBuilder();
        var i = start;
        while (i < text.Length && text[i] != ')')
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var (inner, next) = Evaluate(text, i + 2, file, element, scope);
                body.Append(inner);
                i = next;
            }
            else
            {
                body.Append(text[i++]);
            }
        }
        if (i >= text.Length)
        {
            throw Error(file.Path, element, $"unterminated substitution in '{text}'");
        }
        var parts = body.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw Error(file.Path, element, $"empty substitution in '{text}'");
        }
        var value = parts[0] switch
        {
            "var" when parts.Length == 2 => scope.Variables.TryGetValue(parts[1], out var v) ? v
                : throw Error(file.Path, element, $"$(var {parts[1]}): no argument or let named '{parts[1]}' is defined here"),
            "env" when parts.Length >= 2 => Environment.GetEnvironmentVariable(parts[1]) ?? (parts.Length > 2 ? string.Join(' ', parts[2..])
                : throw Error(file.Path, element, $"$(env {parts[1]}): environment variable '{parts[1]}' is not set and no default is given")),
            "optenv" when parts.Length >= 2 => Environment.GetEnvironmentVariable(parts[1]) ?? string.Join(' ', parts[2..]),
            "dirname" when parts.Length == 1 => Path.GetDirectoryName(file.Path)!,
            "anon" when parts.Length == 2 => scope.Anonymous(parts[1]),
            "var" or "env" or "optenv" or "dirname" or "anon" => throw Error(file.Path, element, $"$({body}): wrong number of arguments"),
            _ => throw Error(file.Path, element, $"substitution '$({parts[0]} ...)' is not supported (supported: var, env, optenv, dirname, anon)"),
        };
        return (value, i + 1);
    }

    private static List<string> SplitArgs(string? text)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    result.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (current.Length > 0)
        {
            result.Add(current.ToString());
        }
        return result;
    }

    private static int Line(XElement element) => ((IXmlLineInfo)element).LineNumber;

    private static LaunchException Error(string file, XElement element, string message) => new($"{file}:{Line(element)}: {message}");

    internal sealed record FileContext(string Path, IReadOnlyDictionary<string, string> Given);

    /// <summary>Launch configurations visible at a point; a scoped group or include gets a child that forgets its changes.</summary>
    internal sealed class Scope(Dictionary<string, string> variables, Scope? parent = null)
    {
        private readonly Dictionary<string, string> _anonymous = parent?._anonymous ?? new(StringComparer.Ordinal);

        public Dictionary<string, string> Variables { get; } = variables;

        public string Namespace { get; set; } = parent?.Namespace ?? "/";

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

        public List<LaunchParameter> GlobalParameters { get; } = [];

        public List<(string From, string To)> GlobalRemaps { get; } = [];

        public Scope Child() => new(new Dictionary<string, string>(Variables, StringComparer.Ordinal), this);

        public IEnumerable<LaunchParameter> AllGlobalParameters() => (parent?.AllGlobalParameters() ?? []).Concat(GlobalParameters);

        public IEnumerable<(string, string)> AllGlobalRemaps() => (parent?.AllGlobalRemaps() ?? []).Concat(GlobalRemaps);

        /// <summary>Environment set by enclosing scopes, inner settings winning.</summary>
        public Dictionary<string, string> EffectiveEnvironment()
        {
            var result = parent?.EffectiveEnvironment() ?? new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in Environment)
            {
                result[key] = value;
            }
            return result;
        }

        public string Anonymous(string name)
        {
            lock (_anonymous)
            {
                if (!_anonymous.TryGetValue(name, out var value))
                {
                    value = $"{name}_{Guid.NewGuid():N}"[..(name.Length + 13)];
                    _anonymous[name] = value;
                }
                return value;
            }
        }
    }
}
