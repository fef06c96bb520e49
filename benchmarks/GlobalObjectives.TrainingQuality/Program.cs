using System.Diagnostics;
using System.Globalization;
using GlobalObjectives.TrainingQuality.Data;

// For now: load every catalog data set, split it (seed 1, 30 % held out, stratified) and print what was loaded.
// The training-quality benchmark itself replaces this.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string dataDirectory = DataCatalog.FindDataDirectory();
Console.WriteLine($"Data: {dataDirectory}");
Console.WriteLine($"{"name",-14} {"rows",8} {"features",8} {"pos. rate",9} {"train",8} {"train+",7} {"held-out",8} {"held+",7} {"load ms",8}");
foreach (var info in DataCatalog.All)
{
    var clock = Stopwatch.StartNew();
    var data = DataCatalog.Load(info, dataDirectory);
    long loadMs = clock.ElapsedMilliseconds;
    var split = Splits.Split(data, seed: 1);
    Console.WriteLine($"{data.Name,-14} {data.Rows,8} {data.Features,8} {data.PositiveRate,9:P2} {split.TrainCount,8} {split.TrainPositives,7} {split.HeldOutCount,8} {split.HeldOutPositives,7} {loadMs,8}");
}
