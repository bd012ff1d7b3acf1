namespace SparshRobot.Ros.Parameters;

/// <summary><c>rcl_interfaces/FloatingPointRange</c>: inclusive bounds; a non-zero step allows only from + k·step (and to).</summary>
public sealed record FloatingPointRange(double From, double To, double Step = 0);

/// <summary><c>rcl_interfaces/IntegerRange</c>: inclusive bounds; a non-zero step allows only from + k·step (and to).</summary>
public sealed record IntegerRange(long From, long To, ulong Step = 0);

/// <summary>
/// How a parameter was declared. Its type is fixed at declaration (rclcpp's static typing) unless
/// <see cref="DynamicTyping"/> is set; only a dynamically typed parameter can be undeclared (set to NOT_SET).
/// </summary>
public sealed record ParameterDescriptor(string Name, ParameterType Type, string Description = "", bool ReadOnly = false)
{
    /// <summary>Free text shown by <c>param describe</c> (e.g. "one of: dds, inprocess").</summary>
    public string AdditionalConstraints { get; init; } = "";

    public FloatingPointRange? FloatingPointRange { get; init; }

    public IntegerRange? IntegerRange { get; init; }

    /// <summary>Sets may change the type, and a NOT_SET value undeclares the parameter (rclcpp's dynamic_typing).</summary>
    public bool DynamicTyping { get; init; }
}

/// <summary>One parameter with its (new) value, as in <c>rcl_interfaces/Parameter</c>.</summary>
public sealed record ParameterChange(string Name, ParameterValue Value);

/// <summary><c>rcl_interfaces/SetParametersResult</c>.</summary>
public sealed record ParameterSetResult(bool Successful, string Reason = "")
{
    public static ParameterSetResult Success { get; } = new(true);
}

/// <summary>What one change to a node's parameters did (the content of a <c>/parameter_events</c> message).</summary>
public sealed record ParameterEventArgs(IReadOnlyList<ParameterChange> New, IReadOnlyList<ParameterChange> Changed)
{
    /// <summary>Parameters undeclared by a NOT_SET value, each with the value it had.</summary>
    public IReadOnlyList<ParameterChange> Deleted { get; init; } = [];
}

/// <summary>
/// The parameters of one node. A parameter must be declared (with a default that fixes its type) before it is
/// read or set; an override for it from a params file or <c>-p</c> replaces the default, and an override of another
/// type is an error naming where it came from, as in rclcpp. Integers are not silently widened to doubles. Sets are
/// checked in rclcpp's order (declared, read-only, type, range, then the node's own validators) and applied all or
/// nothing; a NOT_SET value undeclares a dynamically typed parameter, as rclcpp does. Every declaration and accepted
/// change is raised as one <see cref="Event"/>.
/// </summary>
public sealed class ParameterStore(string nodeName, IEnumerable<ParameterOverride> overrides)
{
    /// <summary>rclcpp's tolerance when checking a double against a range's bounds and step.</summary>
    private const double RangeTolerance = 1e-6;

    private readonly Dictionary<string, (ParameterDescriptor Descriptor, ParameterValue Value)> _declared = new(StringComparer.Ordinal);
    private readonly List<ParameterOverride> _overrides = [.. overrides];
    private readonly List<Func<IReadOnlyList<ParameterChange>, ParameterSetResult>> _validators = [];
    private readonly object _gate = new();

    /// <summary>Raised after parameters are declared or changed, outside the store's lock.</summary>
    public event Action<ParameterEventArgs>? Event;

    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _declared.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Overrides that name a parameter this node never declared (ROS ignores them; tools may warn).</summary>
    public IEnumerable<ParameterOverride> UnusedOverrides
    {
        get
        {
            lock (_gate)
            {
                return [.. _overrides.Where(o => !_declared.ContainsKey(o.Name))];
            }
        }
    }

    public ParameterValue Declare(string name, ParameterValue defaultValue, string description = "", bool readOnly = false) =>
        Declare(new ParameterDescriptor(name, defaultValue.Type, description, readOnly), defaultValue);

    /// <summary>
    /// Declares a parameter with its full descriptor (ranges, constraints); the effective value (default or
    /// override) must lie in the descriptor's range.
    /// </summary>
    public ParameterValue Declare(ParameterDescriptor descriptor, ParameterValue defaultValue)
    {
        var name = descriptor.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ParameterException($"node '{nodeName}': a parameter name must not be empty");
        }
        if (defaultValue.Type == ParameterType.NotSet)
        {
            throw new ParameterException($"node '{nodeName}': parameter '{name}' needs a default value to fix its type");
        }
        descriptor = descriptor with { Type = defaultValue.Type };
        ParameterValue value;
        lock (_gate)
        {
            if (_declared.ContainsKey(name))
            {
                throw new ParameterException($"node '{nodeName}': parameter '{name}' is already declared");
            }
            value = defaultValue;
            var chosen = _overrides.LastOrDefault(o => o.Name == name);
            if (chosen is not null)
            {
                if (chosen.Value.Type != defaultValue.Type)
                {
                    throw new ParameterTypeException(
                        $"node '{nodeName}': parameter '{name}' expects {ParameterValue.TypeName(defaultValue.Type)} but {chosen.Source} gives " +
                        $"{ParameterValue.TypeName(chosen.Value.Type)} '{chosen.Value}'");
                }
                value = chosen.Value;
            }
            if (RangeProblem(descriptor, value) is { } problem)
            {
                throw new ParameterException($"node '{nodeName}': {problem}" + (chosen is null ? "" : $" (value from {chosen.Source})"));
            }
            _declared.Add(name, (descriptor, value));
        }
        Event?.Invoke(new ParameterEventArgs([new ParameterChange(name, value)], []));
        return value;
    }

    public T Declare<T>(string name, T defaultValue, string description = "", bool readOnly = false)
        where T : notnull =>
        Convert<T>(Declare(name, ParameterValue.From(defaultValue), description, readOnly), name);

    public bool IsDeclared(string name)
    {
        lock (_gate)
        {
            return _declared.ContainsKey(name);
        }
    }

    public ParameterValue Get(string name)
    {
        lock (_gate)
        {
            return _declared.TryGetValue(name, out var entry)
                ? entry.Value
                : throw new ParameterException($"node '{nodeName}': parameter '{name}' is not declared");
        }
    }

    public T Get<T>(string name) => Convert<T>(Get(name), name);

    /// <summary>The value of a declared parameter, or null.</summary>
    public ParameterValue? TryGet(string name)
    {
        lock (_gate)
        {
            return _declared.TryGetValue(name, out var entry) ? entry.Value : null;
        }
    }

    public ParameterDescriptor Describe(string name)
    {
        lock (_gate)
        {
            return _declared.TryGetValue(name, out var entry)
                ? entry.Descriptor
                : throw new ParameterException($"node '{nodeName}': parameter '{name}' is not declared");
        }
    }

    /// <summary>
    /// Adds a validator that sees every proposed change (all parameters of one set) before it is applied and can
    /// reject it with a reason (rclcpp's on-set-parameters callback). Dispose the result to remove it.
    /// </summary>
    public IDisposable AddValidator(Func<IReadOnlyList<ParameterChange>, ParameterSetResult> validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        lock (_gate)
        {
            _validators.Add(validator);
        }
        return new Removal(() =>
        {
            lock (_gate)
            {
                _validators.Remove(validator);
            }
        });
    }

    /// <summary>Sets one parameter; throws <see cref="ParameterTypeException"/> or <see cref="ParameterException"/> with the reason when refused.</summary>
    public void Set(string name, ParameterValue value)
    {
        var result = TrySet([new ParameterChange(name, value)]);
        if (!result.Successful)
        {
            var message = $"node '{nodeName}': {result.Reason}";
            throw IsTypeProblem(name, value) ? new ParameterTypeException(message) : new ParameterException(message);
        }
    }

    /// <summary>Applies all <paramref name="changes"/> or none; the result says why not.</summary>
    public ParameterSetResult TrySet(IReadOnlyList<ParameterChange> changes)
    {
        ParameterEventArgs applied;
        lock (_gate)
        {
            foreach (var change in changes)
            {
                if (Problem(change) is { } problem)
                {
                    return new ParameterSetResult(false, problem);
                }
            }
            foreach (var validator in _validators)
            {
                var verdict = validator(changes);
                if (!verdict.Successful)
                {
                    return verdict;
                }
            }
            var deleted = new List<ParameterChange>();
            foreach (var change in changes)
            {
                var (descriptor, old) = _declared[change.Name];
                if (change.Value.Type == ParameterType.NotSet)
                {
                    _declared.Remove(change.Name);
                    deleted.Add(new ParameterChange(change.Name, old));
                }
                else
                {
                    // A dynamically typed parameter takes the type of its new value, as rclcpp's descriptor does.
                    _declared[change.Name] = (descriptor with { Type = change.Value.Type }, change.Value);
                }
            }
            applied = new ParameterEventArgs([], [.. changes.Where(c => c.Value.Type != ParameterType.NotSet)]) { Deleted = deleted };
        }
        Event?.Invoke(applied);
        return ParameterSetResult.Success;
    }

    /// <summary>
    /// Names as <c>list_parameters</c> returns them (rclcpp's rules, <c>.</c> separates levels): with no prefixes,
    /// names with fewer than <paramref name="depth"/> dots (0 = any depth); with prefixes, a name equal to one or
    /// below it (<c>prefix.</c>) within the depth. The prefixes returned are the distinct parents of those names.
    /// </summary>
    public (IReadOnlyList<string> Names, IReadOnlyList<string> Prefixes) List(IReadOnlyList<string> prefixes, ulong depth)
    {
        string[] names;
        lock (_gate)
        {
            names = [.. _declared.Keys.Order(StringComparer.Ordinal)];
        }
        var listed = names.Where(name => prefixes.Count == 0
            ? depth == 0 || (ulong)name.Count(c => c == '.') < depth
            : prefixes.Any(prefix => name == prefix
                || (name.StartsWith(prefix + ".", StringComparison.Ordinal)
                    && (depth == 0 || (ulong)name[(prefix.Length + 1)..].Count(c => c == '.') < depth)))).ToArray();
        var parents = listed.Where(n => n.Contains('.')).Select(n => n[..n.LastIndexOf('.')]).Distinct().ToArray();
        return (listed, parents);
    }

    private string? Problem(ParameterChange change)
    {
        // The reasons are rclcpp's own (node_parameters.cpp), so tools that match on them behave the same.
        if (!_declared.TryGetValue(change.Name, out var entry))
        {
            return $"parameter '{change.Name}' cannot be set because it was not declared";
        }
        if (entry.Descriptor.ReadOnly)
        {
            return $"parameter '{change.Name}' cannot be set because it is read-only";
        }
        if (change.Value.Type == ParameterType.NotSet)
        {
            return entry.Descriptor.DynamicTyping ? null : "cannot undeclare a statically typed parameter";
        }
        if (change.Value.Type != entry.Descriptor.Type && !entry.Descriptor.DynamicTyping)
        {
            return $"parameter '{change.Name}' expects {ParameterValue.TypeName(entry.Descriptor.Type)}, not {ParameterValue.TypeName(change.Value.Type)} '{change.Value}'";
        }
        return RangeProblem(entry.Descriptor, change.Value);
    }

    private bool IsTypeProblem(string name, ParameterValue value)
    {
        lock (_gate)
        {
            return _declared.TryGetValue(name, out var entry) && entry.Descriptor.Type != value.Type;
        }
    }

    /// <summary>rclcpp's range checks: the bounds themselves always pass; inside them the step must fit.</summary>
    private static string? RangeProblem(ParameterDescriptor descriptor, ParameterValue value)
    {
        if (descriptor.IntegerRange is { } ints && value.Value is long l)
        {
            var fits = l == ints.From || l == ints.To
                || (l > ints.From && l < ints.To && (ints.Step == 0 || (ulong)(l - ints.From) % ints.Step == 0));
            return fits ? null
                : $"parameter '{descriptor.Name}' = {l} is outside its integer range [{ints.From}, {ints.To}]" + (ints.Step == 0 ? "" : $" with step {ints.Step}");
        }
        if (descriptor.FloatingPointRange is { } doubles && value.Value is double d)
        {
            bool Near(double a, double b) => Math.Abs(a - b) < RangeTolerance;
            var steps = doubles.Step == 0 ? 0 : (d - doubles.From) / doubles.Step;
            var fits = Near(d, doubles.From) || Near(d, doubles.To)
                || (d > doubles.From && d < doubles.To && (doubles.Step == 0 || Near(steps, Math.Round(steps))));
            return fits ? null
                : $"parameter '{descriptor.Name}' = {value} is outside its floating point range [{doubles.From}, {doubles.To}]" + (doubles.Step == 0 ? "" : $" with step {doubles.Step}");
        }
        return null;
    }

    private T Convert<T>(ParameterValue value, string name)
    {
        object? converted = value.Value;
        if (typeof(T) == typeof(int) && converted is long l)
        {
            converted = checked((int)l);
        }
        else if (typeof(T) == typeof(float) && converted is double d)
        {
            converted = (float)d;
        }
        else if (typeof(T) == typeof(int[]) && converted is long[] ls)
        {
            converted = ls.Select(x => checked((int)x)).ToArray();
        }
        return converted is T typed
            ? typed
            : throw new ParameterTypeException($"node '{nodeName}': parameter '{name}' is {ParameterValue.TypeName(value.Type)}, not {typeof(T).Name}");
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }
}
