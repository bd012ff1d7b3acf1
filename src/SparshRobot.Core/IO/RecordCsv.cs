using System.Globalization;
using System.Reflection;
using System.Text;

namespace SparshRobot.Core.IO;

/// <summary>
/// A record type as a CSV file: one column per constructor parameter in snake case, one row per record. Strings are
/// quoted when they hold a comma or a quote, booleans are 1 or 0, numbers use the invariant culture (doubles to six
/// significant digits). Result tables that runs write and later commands join (maze eval's episodes, TacBench's
/// cells) go through here, so a split run reads back exactly what its pieces wrote.
/// </summary>
public static class RecordCsv
{
    /// <summary>Writes <paramref name="rows"/> atomically (see <see cref="AtomicFile"/>), header first.</summary>
    public static void Write<T>(string path, IEnumerable<T> rows)
    {
        var properties = Parameters<T>().Select(p => typeof(T).GetProperty(p.Name!)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no property for its constructor parameter {p.Name}")).ToList();
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', properties.Select(p => Snake(p.Name))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(',', properties.Select(p => Cell(p.GetValue(row)))));
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote (columns in any order). A missing or unknown column, or a cell that is not of
    /// its column's type, is a <see cref="FormatException"/> naming the file, line and column; <paramref name="what"/>
    /// names the kind of file in those messages (e.g. <c>episodes.csv</c>).
    /// </summary>
    public static IReadOnlyList<T> Read<T>(string path, string what)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new FormatException($"{path}: empty; expected a header line of {what} columns");
        }
        var parameters = Parameters<T>();
        var header = SplitLine(lines[0], path, 1);
        var unknown = header.Where(h => parameters.All(p => Snake(p.Name!) != h)).ToList();
        var missing = parameters.Select(p => Snake(p.Name!)).Where(n => !header.Contains(n)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new FormatException($"{path}: line 1 is not the {what} header" +
                (missing.Count > 0 ? $"; missing column(s) {string.Join(", ", missing)}" : "") +
                (unknown.Count > 0 ? $"; unknown column(s) {string.Join(", ", unknown)}" : ""));
        }
        var column = parameters.Select(p => header.IndexOf(Snake(p.Name!))).ToArray();
        var rows = new List<T>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var cells = SplitLine(lines[i], path, i + 1);
            if (cells.Count != header.Count)
            {
                throw new FormatException($"{path}: line {i + 1} has {cells.Count} cells; the header has {header.Count}");
            }
            var values = parameters.Select((p, k) => ParseCell(cells[column[k]], p.ParameterType, path, i + 1, Snake(p.Name!), what)).ToArray();
            rows.Add((T)Activator.CreateInstance(typeof(T), values)!);
        }
        return rows;
    }

    private static ParameterInfo[] Parameters<T>() => typeof(T).GetConstructors().Single().GetParameters();

    private static List<string> SplitLine(string line, string path, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }
        if (quoted)
        {
            throw new FormatException($"{path}: line {lineNumber} ends inside a quoted cell");
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static object ParseCell(string cell, Type type, string path, int line, string column, string what)
    {
        object? parsed = type switch
        {
            _ when type == typeof(string) => cell,
            _ when type == typeof(int) => int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ when type == typeof(bool) => cell switch { "1" => true, "0" => false, _ => (object?)null },
            _ => throw new InvalidOperationException($"{what} has no reader for {type.Name}"),
        };
        return parsed ?? throw new FormatException($"{path}: line {line}, column {column}: '{cell}' is not " +
            (type == typeof(bool) ? "0 or 1" : type == typeof(int) || type == typeof(long) ? "an integer" : "a number"));
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        string s when s.Contains(',') || s.Contains('"') => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Snake(string name) => string.Concat(name.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
