using System.IO.Compression;
using System.Text;
using GlobalObjectives.TrainingQuality.Data;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>The CSV loader on small files written to a temporary folder: good input, and each kind of bad input.</summary>
public sealed class CsvDataLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("go-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string fileName, string text, bool gzip)
    {
        string path = Path.Combine(_directory, fileName);
        using var file = File.Create(path);
        using Stream target = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        var bytes = Encoding.UTF8.GetBytes(text);
        target.Write(bytes);
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_ReadsARowMajorMatrixAndLabels(bool gzip)
    {
        string path = Write(gzip ? "small.csv.gz" : "small.csv",
            "a,b,c,label\n1,2.5,-3e-2,1\n4, 5 ,6.25,0\n0.1,1E3,-0,1\n", gzip);
        var data = CsvDataLoader.Load(path);

        Assert.Equal("small", data.Name);
        Assert.Equal(new[] { "a", "b", "c" }, data.FeatureNames);
        Assert.Equal(3, data.Rows);
        Assert.Equal(3, data.Features);
        Assert.Equal(new[] { 1f, 2.5f, -0.03f, 4f, 5f, 6.25f, 0.1f, 1000f, 0f }, data.Values);
        Assert.Equal(new[] { 1f, 0f, 1f }, data.Labels);
        Assert.Equal(2, data.Positives);
        Assert.Equal(2.0 / 3.0, data.PositiveRate, 12);
        Assert.Equal(6.25f, data[1, 2]);
    }

    [Fact]
    public void Load_IgnoresTheCurrentCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            string path = Write("culture.csv.gz", "x,label\n1.5,0\n2.25,1\n", gzip: true);
            Assert.Equal(new[] { 1.5f, 2.25f }, CsvDataLoader.Load(path).Values);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    // wrong field count: the whole line
    [InlineData("a,b,label\n1,2,0\n1,2\n", 3, null, "expected 3 fields, found 2")]
    [InlineData("a,b,label\n1,2,0,4\n", 2, null, "expected 3 fields, found 4")]
    [InlineData("a,b,label\n1,2,0\n\n", 3, null, "expected 3 fields, found 1")]
    // non-numeric or non-finite values: line and column
    [InlineData("a,b,label\n1,2,0\n1,x,1\n", 3, 2, "'x' is not a finite number")]
    [InlineData("a,b,label\n1,,0\n", 2, 2, "an empty field is not a finite number")]
    [InlineData("a,b,label\n1,2,0\n1,2,0\n1.5.2,2,0\n", 4, 1, "'1.5.2' is not a finite number")]
    [InlineData("a,b,label\n1,2,0\n1,NaN,0\n", 3, 2, "'NaN' is not a finite number")]
    [InlineData("a,b,label\n1,2,0\n1,2;5,0\n", 3, 2, "'2;5' is not a finite number")]
    [InlineData("a,b,label\n1,2,yes\n", 2, 3, "'yes' is not a finite number")]
    // labels other than 0 / 1
    [InlineData("a,b,label\n1,2,0\n1,2,2\n", 3, 3, "label '2' is neither 0 nor 1")]
    [InlineData("a,b,label\n1,2,0.5\n", 2, 3, "label '0.5' is neither 0 nor 1")]
    [InlineData("a,b,label\n1,2,-1\n", 2, 3, "label '-1' is neither 0 nor 1")]
    // header problems
    [InlineData("a,b,target\n1,2,0\n", 1, 3, "missing label column")]
    [InlineData("a,label,b\n1,0,2\n", 1, 3, "missing label column")]
    [InlineData("label\n1\n", 1, null, "no feature column")]
    [InlineData("a,a,label\n1,2,0\n", 1, 2, "duplicate column name")]
    [InlineData("a,,label\n1,2,0\n", 1, 2, "empty column name")]
    [InlineData("", 1, null, "the file is empty")]
    [InlineData("a,b,label\n", 1, null, "no data row")]
    public void Load_MalformedInput_NamesFileLineAndColumn(string text, int line, int? column, string problem)
    {
        string path = Write("bad.csv.gz", text, gzip: true);
        var e = Assert.Throws<CsvFormatException>(() => CsvDataLoader.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.StartsWith(path + ": line " + line, e.Message);
        if (column is { } c) Assert.Contains($"column {c}", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_MalformedInput_NamesTheColumn()
    {
        string path = Write("named.csv", "alpha,beta,label\n1,oops,0\n", gzip: false);
        var e = Assert.Throws<CsvFormatException>(() => CsvDataLoader.Load(path));
        Assert.Equal($"{path}: line 2, column 2 ('beta'): 'oops' is not a finite number", e.Message);
        Assert.Equal("beta", e.ColumnName);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        string path = Path.Combine(_directory, "absent.csv.gz");
        var e = Assert.Throws<FileNotFoundException>(() => CsvDataLoader.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_NotGzip_NamesTheFile()
    {
        string path = Write("plain-but-named.csv.gz", "a,label\n1,0\n", gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => CsvDataLoader.Load(path));
        Assert.Contains(path, e.Message);
    }
}
