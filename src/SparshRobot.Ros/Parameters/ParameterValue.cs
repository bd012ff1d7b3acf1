using System.Globalization;

namespace SparshRobot.Ros.Parameters;

/// <summary>The parameter types of <c>rcl_interfaces/msg/ParameterType</c>, with the same numeric values.</summary>
public enum ParameterType : byte
{
    NotSet = 0,
    Bool = 1,
    Integer = 2,
    Double = 3,
    String = 4,
    ByteArray = 5,
    BoolArray = 6,
    IntegerArray = 7,
    DoubleArray = 8,
    StringArray = 9,
}

/// <summary>A typed parameter value. Arrays are copied in and never mutated, so values can be shared.</summary>
public sealed class ParameterValue : IEquatable<ParameterValue>
{
    private ParameterValue(ParameterType type, object? value)
    {
        Type = type;
        Value = value;
    }

    public ParameterType Type { get; }

    /// <summary>bool, long, double, string, byte[], bool[], long[], double[] or string[] (null when not set).</summary>
    public object? Value { get; }

    public static ParameterValue NotSet { get; } = new(ParameterType.NotSet, null);

    public static ParameterValue Of(bool value) => new(ParameterType.Bool, value);

    public static ParameterValue Of(long value) => new(ParameterType.Integer, value);

    public static ParameterValue Of(double value) => new(ParameterType.Double, value);

    public static ParameterValue Of(string value) => new(ParameterType.String, value);

    public static ParameterValue Of(byte[] value) => new(ParameterType.ByteArray, value.ToArray());

    public static ParameterValue Of(bool[] value) => new(ParameterType.BoolArray, value.ToArray());

    public static ParameterValue Of(long[] value) => new(ParameterType.IntegerArray, value.ToArray());

    public static ParameterValue Of(double[] value) => new(ParameterType.DoubleArray, value.ToArray());

    public static ParameterValue Of(string[] value) => new(ParameterType.StringArray, value.ToArray());

    /// <summary>Wraps a CLR value of one of the supported types (int widens to long, float to double).</summary>
    public static ParameterValue From(object value) => value switch
    {
        ParameterValue p => p,
        bool b => Of(b),
        int i => Of((long)i),
        long l => Of(l),
        float f => Of((double)f),
        double d => Of(d),
        string s => Of(s),
        byte[] a => Of(a),
        bool[] a => Of(a),
        int[] a => Of(a.Select(x => (long)x).ToArray()),
        long[] a => Of(a),
        double[] a => Of(a),
        string[] a => Of(a),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a ROS parameter type"),
    };

    /// <summary>The type as ROS tools name it: bool, integer, double, string, byte_array, ...</summary>
    public static string TypeName(ParameterType type) => type switch
    {
        ParameterType.NotSet => "not set",
        ParameterType.Bool => "bool",
        ParameterType.Integer => "integer",
        ParameterType.Double => "double",
        ParameterType.String => "string",
        ParameterType.ByteArray => "byte_array",
        ParameterType.BoolArray => "bool_array",
        ParameterType.IntegerArray => "integer_array",
        ParameterType.DoubleArray => "double_array",
        ParameterType.StringArray => "string_array",
        _ => type.ToString(),
    };

    public T Get<T>() => Value is T typed
        ? typed
        : throw new InvalidCastException($"parameter value of type {TypeName(Type)} is not a {typeof(T).Name}");

    public override string ToString() => Value switch
    {
        null => "<not set>",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        // Bytes are not a parameter type of their own: print them as numbers, not through From.
        byte[] bytes => "[" + string.Join(", ", bytes.Select(x => x.ToString(CultureInfo.InvariantCulture))) + "]",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object>().Select(x => From(x).ToString())) + "]",
        _ => Value.ToString() ?? "",
    };

    public bool Equals(ParameterValue? other) =>
        other is not null && other.Type == Type && (Value, other.Value) switch
        {
            (System.Collections.IStructuralEquatable a, var b) => a.Equals(b, System.Collections.StructuralComparisons.StructuralEqualityComparer),
            var (a, b) => Equals(a, b),
        };

    public override bool Equals(object? obj) => Equals(obj as ParameterValue);

    public override int GetHashCode() => HashCode.Combine(Type, ToString());
}
