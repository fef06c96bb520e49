using System.Runtime.CompilerServices;
using GlobalObjectives.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Samples.Tests;

/// <summary>The README's "train with it" snippet, run as written: one optimizer for the model and the loss.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void OneOptimizerForModelAndMultipliers_ReachesHighPrecisionAtRecall098()
    {
        var (train, eval) = SyntheticData.Create(SampleOptions.DefaultSeed);
        using var features = tensor(train.Features.Select(v => (float)v).ToArray(), [train.Count, 2]);
        using var labels = tensor(train.Labels.Select(v => (float)v).ToArray(), [train.Count, 1]);
        manual_seed(1);

        // --- README snippet (keep in sync with README.md, "Train with it") ---
        var model = nn.Linear(2, 1);
        using var loss = new PrecisionAtRecall98();   // λ is updated by the loss itself, whatever the optimizer
        var optimizer = optim.Adam(model.parameters().Concat(loss.parameters()), lr: 0.05);

        for (int step = 0; step < 400; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            loss.call(model.call(features), labels).backward();
            optimizer.step();
        }
        Console.WriteLine(loss.ReadMonitor());
        // --- end of snippet ---

        double[] weights;
        double bias;
        using (no_grad())
        {
            weights = model.weight!.reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
            bias = model.bias!.to_type(ScalarType.Float64).item<double>();
        }
        var point = BinaryMetrics.PrecisionAtRecallByPercentile(eval.Scores(weights[0], weights[1], bias), eval.Labels, 0.98);
        Assert.True(point.Precision > 0.8, $"precision at recall 0.98 on the eval set: {point.Precision:0.0000}");
        Assert.True(loss.Lambdas!.item<float>() > 1, "λ should have grown to enforce the recall constraint");
    }

    [Fact]
    public void TheSnippetAboveIsTheReadmesCode()
    {
        string testSource = File.ReadAllText(ThisFile());
        string readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));

        var tested = Code(Between(testSource, "// --- README snippet", "// --- end of snippet ---"));
        var shown = Code(Between(readme, "```csharp", "```", after: "### 2. Train with it"));
        Assert.True(tested.Count >= 5, "The snippet markers in this file were not found.");
        Assert.True(tested.SequenceEqual(shown),
            "README.md, \"Train with it\", and the snippet this test runs differ (comments and indentation aside):\n" +
            "README:\n  " + string.Join("\n  ", shown) + "\ntest:\n  " + string.Join("\n  ", tested));
    }

    /// <summary>The lines strictly between the first <paramref name="start"/> line (after <paramref name="after"/>) and the next <paramref name="end"/> line.</summary>
    private static string[] Between(string text, string start, string end, string? after = null)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int from = after is null ? 0 : Array.FindIndex(lines, l => l.StartsWith(after, StringComparison.Ordinal));
        if (from < 0) return [];
        int open = Array.FindIndex(lines, from, l => l.Trim().StartsWith(start, StringComparison.Ordinal));
        if (open < 0) return [];
        int close = Array.FindIndex(lines, open + 1, l => l.Trim().StartsWith(end, StringComparison.Ordinal));
        return close < 0 ? [] : lines[(open + 1)..close];
    }

    /// <summary>Code lines without trailing comments, indentation or blank lines.</summary>
    private static List<string> Code(IEnumerable<string> lines)
        => lines.Select(l => (l.Contains("//", StringComparison.Ordinal) ? l[..l.IndexOf("//", StringComparison.Ordinal)] : l).Trim())
            .Where(l => l.Length > 0)
            .ToList();

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
