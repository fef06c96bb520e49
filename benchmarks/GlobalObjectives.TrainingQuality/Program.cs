using System.Globalization;
using GlobalObjectives.TrainingQuality;
using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Experiments;
using TorchSharp;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

torch.set_num_threads(1);
string dataDirectory = DataCatalog.FindDataDirectory();
if (options.Explore)
{
    Explorer.Run(options.Settings, dataDirectory, options.Plan.DataSets.Select(d => d.DataSet), Console.Out);
    return 0;
}
return BenchmarkCommand.Run(options, dataDirectory);
