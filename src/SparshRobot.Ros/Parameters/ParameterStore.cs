namespace SparshRobot.Ros.Parameters;

/// <summary>How a parameter was declared: its type is fixed at declaration (rclcpp's static typing).</summary>
public sealed record ParameterDescriptor(string Name, ParameterType Type, string Description = "", bool ReadOnly = false);

/// <summary>
/// The parameters of one node. A parameter must be declared (with a default that fixes its type) before it is
/// read or set; an override for it from a params file or <c>-p</c> replaces the default, and an override of another
/// type is an error naming where it came from, as in rclcpp. Integers are not silently widened to doubles.
/// </summary>
public sealed class ParameterStore(string nodeName, IEnumerable<ParameterOverride> overrides)
{
    private readonly Dictionary<string, (ParameterDescriptor Descriptor, ParameterValue Value)> _declared = new(StringComparer.Ordinal);
    private readonly List<ParameterOverride> _overrides = [.. overrides];
    private readonly object _gate = new();

    /// <summary>Raised after a parameter changes through <see cref="Set"/>.</summary>
    public event Action<string, ParameterValue>? Changed;

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

    public ParameterValue Declare(string name, ParameterValue defaultValue, string description = "", bool readOnly = false)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ParameterException($"node '{nodeName}': a parameter name must not be empty");
        }
        if (defaultValue.Type == ParameterType.NotSet)
        {
            throw new ParameterException($"node '{nodeName}': parameter '{name}' needs a default value to fix its type");
        }
        lock (_gate)
        {
            if (_declared.ContainsKey(name))
            {
                throw new ParameterException($"node '{nodeName}': parameter '{name}' is already declared");
            }
            var value = defaultValue;
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
            _declared.Add(name, (new ParameterDescriptor(name, defaultValue.Type, description, readOnly), value));
            return value;
        }
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

    public ParameterDescriptor Describe(string name)
    {
        lock (_gate)
        {
            return _declared.TryGetValue(name, out var entry)
                ? entry.Descriptor
                : throw new ParameterException($"node '{nodeName}': parameter '{name}' is not declared");
        }
    }

    public void Set(string name, ParameterValue value)
    {
        lock (_gate)
        {
            if (!_declared.TryGetValue(name, out var entry))
            {
                throw new ParameterException($"node '{nodeName}': parameter '{name}' is not declared");
            }
            if (entry.Descriptor.ReadOnly)
            {
                throw new ParameterException($"node '{nodeName}': parameter '{name}' is read-only");
            }
            if (value.Type != entry.Descriptor.Type)
            {
                throw new ParameterTypeException(
                    $"node '{nodeName}': parameter '{name}' expects {ParameterValue.TypeName(entry.Descriptor.Type)}, not {ParameterValue.TypeName(value.Type)} '{value}'");
            }
            _declared[name] = (entry.Descriptor, value);
        }
        Changed?.Invoke(name, value);
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
}
