namespace SparshRobot.Ros.Parameters;

/// <summary>A parameter could not be declared, read or set; the message names node, parameter and source.</summary>
public class ParameterException(string message) : Exception(message);

/// <summary>A value has the wrong type for a declared parameter (rclcpp's InvalidParameterTypeException).</summary>
public sealed class ParameterTypeException(string message) : ParameterException(message);

/// <summary>Parameter input (a YAML file, a <c>-p</c> argument) is malformed; the message names file and line.</summary>
public sealed class ParameterFormatException(string message) : ParameterException(message);
