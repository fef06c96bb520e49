using GlobalObjectives.TrainingQuality.Data;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>The committed data sets load and match the catalog and benchmarks/data/README.md.</summary>
public sealed class CatalogTests
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var info in DataCatalog.All) names.Add(info.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DataSet_LoadsWithTheDocumentedShapeAndLabels(string name)
    {
        var info = DataCatalog.Get(name);
        var data = DataCatalog.Load(info);

        Assert.Equal(info.Name, data.Name);
        Assert.Equal(info.Rows, data.Rows);
        Assert.Equal(info.Features, data.Features);
        Assert.Equal(info.Positives, data.Positives);
        Assert.Equal(info.PositiveRate, data.PositiveRate, 12);
        Assert.Equal(data.Rows * data.Features, data.Values.Length);
        Assert.All(data.Labels, l => Assert.True(l is 0f or 1f));
        Assert.DoesNotContain(data.Values, v => !float.IsFinite(v));
        Assert.Equal(data.Features, data.FeatureNames.Distinct().Count());
        Assert.DoesNotContain("label", data.FeatureNames);
        Assert.InRange(data.Positives, 1, data.Rows - 1);
    }

    [Fact]
    public void Catalog_CoversTheRequiredRangeOfSizesAndRates()
    {
        Assert.True(DataCatalog.All.Count >= 5);
        Assert.Contains(DataCatalog.All, d => d.Rows >= 100_000);
        Assert.True(DataCatalog.All.Count(d => d.Rows < 12_000) >= 2);
        Assert.Contains(DataCatalog.All, d => d.PositiveRate < 0.05);
        Assert.Contains(DataCatalog.All, d => d.PositiveRate >= 0.30);
        Assert.Equal(DataCatalog.All.Count, DataCatalog.All.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public void Catalog_ListsEveryCommittedFileAndTheReadmeNamesEverySet()
    {
        string directory = DataCatalog.FindDataDirectory();
        var files = Directory.GetFiles(directory, "*.csv.gz").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(DataCatalog.All.Select(d => d.FileName).Order().ToArray(), files);

        string readme = File.ReadAllText(Path.Combine(directory, "README.md"));
        foreach (var info in DataCatalog.All)
        {
            Assert.Contains($"`{info.Name}`", readme);
            Assert.Contains(info.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), readme);
        }
    }

    [Fact]
    public void FindDataDirectory_FindsTheRepositoryFromTheTestOutputAndFailsClearlyOutsideIt()
    {
        Assert.Equal(Path.Combine(TestEnvironment.RepositoryRoot, "benchmarks", "data"), DataCatalog.FindDataDirectory());

        string outside = Directory.CreateTempSubdirectory("go-catalog-").FullName;
        try
        {
            var e = Assert.Throws<DirectoryNotFoundException>(() => DataCatalog.FindDataDirectory(outside));
            Assert.Contains(DataCatalog.SolutionFileName, e.Message);
            Assert.Contains(outside, e.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Get_UnknownName_ListsTheKnownOnes()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => DataCatalog.Get("nope"));
        Assert.Contains("spam", e.Message);
    }
}
