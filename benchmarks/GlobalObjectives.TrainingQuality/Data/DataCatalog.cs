namespace GlobalObjectives.TrainingQuality.Data;

/// <summary>
/// One committed data set: its name, file (in <c>benchmarks/data</c>), a one-line description, and the shape and
/// positive count that benchmarks/data/README.md documents (the tests check the file against them).
/// </summary>
public sealed record DataSetInfo(string Name, string FileName, string Description, int Rows, int Features, int Positives)
{
    /// <summary>The documented fraction of positive rows.</summary>
    public double PositiveRate => (double)Positives / Rows;
}

/// <summary>The data sets in <c>benchmarks/data</c> (made by benchmarks/data/export/export.R), and where to find them.</summary>
public static class DataCatalog
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "GlobalObjectives.Gen.sln";

    /// <summary>The data folder, relative to the repository root.</summary>
    public static readonly string RelativeDataDirectory = Path.Combine("benchmarks", "data");

    /// <summary>Every committed data set, smallest positive rate last.</summary>
    public static IReadOnlyList<DataSetInfo> All { get; } =
    [
        new("spam", "spam.csv.gz",
            "UCI Spambase (kernlab): is an e-mail spam, from 57 word/character frequencies and capital-run lengths",
            4601, 57, 1813),
        new("fertility", "fertility.csv.gz",
            "1980 US Census, Angrist-Evans (AER): does a mother of two have a third child, from children's sexes, age, ethnicity, weeks worked",
            254654, 8, 96912),
        new("flchain", "flchain.csv.gz",
            "Olmsted County serum free light chain study (survival): death during follow-up, from age, sex, FLC, creatinine",
            7874, 8, 2169),
        new("ticdata", "ticdata.csv.gz",
            "CoIL 2000 insurance (kernlab): owns a caravan policy, from zip-code demographics and product ownership",
            9822, 132, 586),
        new("lending_club", "lending_club.csv.gz",
            "Lending Club 2016 Q1 loans (modeldata): bad loan (charged off, default, late), from loan and credit data",
            9857, 84, 517),
        new("diamonds_fair", "diamonds_fair.csv.gz",
            "Round cut diamonds (ggplot2): cut grade is Fair, from carat, proportions, size, price, color, clarity",
            53920, 22, 1609),
    ];

    /// <summary>The catalog entry with that name.</summary>
    public static DataSetInfo Get(string name)
        => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
           ?? throw new KeyNotFoundException(
               $"No data set named '{name}' in the catalog; known: {string.Join(", ", All.Select(d => d.Name))}.");

    /// <summary>
    /// The repository's <c>benchmarks/data</c> folder: walks up from <paramref name="startDirectory"/> (default
    /// <see cref="AppContext.BaseDirectory"/>) to the first folder that contains <see cref="SolutionFileName"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder above the start, or it has no data folder.</exception>
    public static string FindDataDirectory(string? startDirectory = null)
    {
        string root = FindRepositoryRoot(startDirectory);
        string data = Path.Combine(root, RelativeDataDirectory);
        if (!Directory.Exists(data))
            throw new DirectoryNotFoundException(
                $"The repository root {root} (it holds {SolutionFileName}) has no {RelativeDataDirectory} folder.");
        return data;
    }

    /// <summary>
    /// The repository root: the first folder from <paramref name="startDirectory"/> (default
    /// <see cref="AppContext.BaseDirectory"/>) upwards that contains <see cref="SolutionFileName"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder above the start.</exception>
    public static string FindRepositoryRoot(string? startDirectory = null)
    {
        string start = Path.GetFullPath(startDirectory ?? AppContext.BaseDirectory);
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException(
            $"Could not find the repository root: no folder from {start} upwards contains {SolutionFileName}. "
            + "Run the benchmark from a build inside the repository (its data are in benchmarks/data).");
    }

    /// <summary>The full path of a data set's file.</summary>
    public static string PathOf(DataSetInfo info, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Path.Combine(dataDirectory ?? FindDataDirectory(), info.FileName);
    }

    /// <summary>Loads one data set from the data folder (no network is needed: the files are in the repository).</summary>
    public static DataSet Load(DataSetInfo info, string? dataDirectory = null)
        => CsvDataLoader.Load(PathOf(info, dataDirectory), info.Name);

    /// <summary>Loads one data set by name.</summary>
    public static DataSet Load(string name, string? dataDirectory = null) => Load(Get(name), dataDirectory);
}
