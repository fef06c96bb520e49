using System.Globalization;
using System.IO.Compression;

namespace GlobalObjectives.TrainingQuality.Data;

/// <summary>Malformed data in a CSV file: names the file, the 1-based line and, where there is one, the column.</summary>
public sealed class CsvFormatException : FormatException
{
    public CsvFormatException(string filePath, int line, int? column, string? columnName, string problem)
        : base(Describe(filePath, line, column, columnName, problem))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number (line 1 is the header).</summary>
    public int Line { get; }

    /// <summary>The 1-based column number, or null when the problem concerns the whole line.</summary>
    public int? Column { get; }

    /// <summary>The column's name from the header, when known.</summary>
    public string? ColumnName { get; }

    private static string Describe(string filePath, int line, int? column, string? columnName, string problem)
    {
        string where = column is { } c
            ? columnName is null ? $"line {line}, column {c}" : $"line {line}, column {c} ('{columnName}')"
            : $"line {line}";
        return $"{filePath}: {where}: {problem}";
    }
}

/// <summary>
/// Reads the benchmark's data files: comma-separated, a header row, every field a number in the invariant culture
/// ('.' decimal point, E notation allowed), the last column named <c>label</c> holding 0 or 1. Files whose name ends
/// in <c>.gz</c> are gzip-decompressed. Any deviation throws a <see cref="CsvFormatException"/>.
/// </summary>
public static class CsvDataLoader
{
    /// <summary>The name the last column must have.</summary>
    public const string LabelColumn = "label";

    /// <summary>Loads a file; the data set's name is the file name without <c>.csv.gz</c> / <c>.csv</c> unless given.</summary>
    public static DataSet Load(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Data file not found: {path}", path);

        using var file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        try
        {
            return Load(content, path, name ?? NameFromPath(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a valid gzip file ({e.Message})", e);
        }
    }

    /// <summary>Loads CSV text from a stream; <paramref name="sourceName"/> is the file name used in error messages.</summary>
    public static DataSet Load(Stream stream, string sourceName, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0)
            throw new CsvFormatException(sourceName, 1, null, null, "the file is empty; expected a header row");

        string[] columns = header.Split(',').Select(c => c.Trim()).ToArray();
        for (int c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length == 0)
                throw new CsvFormatException(sourceName, 1, c + 1, null, "empty column name in the header");
            int first = Array.IndexOf(columns, columns[c]);
            if (first != c)
                throw new CsvFormatException(sourceName, 1, c + 1, columns[c], $"duplicate column name (also column {first + 1})");
        }
        if (!string.Equals(columns[^1], LabelColumn, StringComparison.Ordinal))
            throw new CsvFormatException(sourceName, 1, columns.Length, columns[^1],
                $"missing label column: the last column must be named '{LabelColumn}'");
        if (columns.Length < 2)
            throw new CsvFormatException(sourceName, 1, null, null, "no feature column before the label column");

        int features = columns.Length - 1;
        var values = new List<float>(capacity: 1 << 16);
        var labels = new List<float>(capacity: 1 << 12);
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            ParseLine(line.AsSpan(), lineNumber, columns, sourceName, values, labels);
        }

        if (labels.Count == 0)
            throw new CsvFormatException(sourceName, lineNumber, null, null, "the file has a header but no data row");

        return new DataSet(name, columns[..features], values.ToArray(), labels.ToArray());
    }

    private static void ParseLine(ReadOnlySpan<char> line, int lineNumber, string[] columns, string sourceName,
                                  List<float> values, List<float> labels)
    {
        int fieldCount = line.Count(',') + 1;
        if (fieldCount != columns.Length)
            throw new CsvFormatException(sourceName, lineNumber, null, null,
                $"expected {columns.Length} fields, found {fieldCount}");

        for (int c = 0; c < columns.Length; c++)
        {
            int comma = line.IndexOf(',');
            ReadOnlySpan<char> field = (comma < 0 ? line : line[..comma]).Trim();
            line = comma < 0 ? ReadOnlySpan<char>.Empty : line[(comma + 1)..];

            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            {
                string shown = field.Length == 0 ? "an empty field" : $"'{field.ToString()}'";
                throw new CsvFormatException(sourceName, lineNumber, c + 1, columns[c],
                    $"{shown} is not a finite number");
            }

            if (c < columns.Length - 1)
            {
                values.Add(value);
            }
            else
            {
                if (value != 0f && value != 1f)
                    throw new CsvFormatException(sourceName, lineNumber, c + 1, columns[c],
                        $"label '{field.ToString()}' is neither 0 nor 1");
                labels.Add(value);
            }
        }
    }

    private static string NameFromPath(string path)
    {
        string file = Path.GetFileName(path);
        foreach (string suffix in new[] { ".csv.gz", ".csv" })
        {
            if (file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return file[..^suffix.Length];
        }
        return Path.GetFileNameWithoutExtension(file);
    }
}
