using System.Runtime.CompilerServices;

namespace GlobalObjectives.Tests;

/// <summary>One TorchSharp thread per test process: small tensors on a shared 2-core box stall with OpenMP spinning.</summary>
internal static class TorchTestSetup
{
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
