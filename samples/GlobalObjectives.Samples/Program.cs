using GlobalObjectives.Samples;

return SampleApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
