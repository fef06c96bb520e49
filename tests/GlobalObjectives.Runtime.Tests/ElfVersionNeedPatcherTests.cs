using System.Security.Cryptography;
using System.Text;
using GlobalObjectives.Build;
using GlobalObjectives.Runtime.Tests.Support;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// The ELF logic of build/TorchSharpNativeFix.cs (compiled in with ELF_ONLY): on a temporary copy of the stock
/// libLibTorchSharp.so from the NuGet cache (never written), on the build-output copy, on the system libstdc++,
/// and on synthetic images that exercise the safety check.
/// </summary>
public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private const string Marker = "_ZSt21ios_base_library_initv";
    private const string StockMd5 = "bd0473a78a3923204334c5366495001c";

    private readonly string _temporaryDirectory = Directory.CreateTempSubdirectory("go-elf-tests-").FullName;

    public void Dispose() => Directory.Delete(_temporaryDirectory, recursive: true);

    private static string StockLibraryPath()
    {
        string path = Path.Combine(TestEnvironment.NuGetPackagesRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"The stock TorchSharp native library is not in the NuGet cache at {path}.");
        return path;
    }

    private static string OutputLibraryPath()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"The build output has no libLibTorchSharp.so at {path}.");
        return path;
    }

    private static string SystemLibStdCxxPath()
    {
        string? path = SystemLibStdCxx.Find(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"));
        Assert.True(path is not null, "No libstdc++.so.6 found on LD_LIBRARY_PATH or in the standard directories.");
        return path!;
    }

    /// <summary>A copy of the stock library in the test's temporary directory, read back.</summary>
    private byte[] StockCopy()
    {
        string copy = Path.Combine(_temporaryDirectory, "libLibTorchSharp.so");
        File.Copy(StockLibraryPath(), copy, overwrite: true);
        return File.ReadAllBytes(copy);
    }

    private static ushort Flags(byte[] elf, long offset) => BitConverter.ToUInt16(elf, (int)offset);

    private static bool ContainsVersionString(byte[] elf, string version)
        => elf.AsSpan().IndexOf(Encoding.ASCII.GetBytes(version + "\0")) >= 0;

    [Fact]
    public void StockLibraryNeedsTheVersionOnlyForAnUnrelocatedMarker()
    {
        var elf = StockCopy();

        var report = ElfVersionNeedPatcher.Analyze(elf, Version);

        Assert.True(report.NeedsVersion);
        Assert.False(report.AlreadyWeak);
        Assert.InRange(report.FlagsOffset, 64, elf.Length - 2);
        Assert.Equal(new[] { Marker }, report.BoundSymbols);
        Assert.Empty(report.RelocatedSymbols);
    }

    [Fact]
    public void MarkWeakSetsOnlyTheFlagAndIsIdempotent()
    {
        var stock = File.ReadAllBytes(StockLibraryPath());
        string copy = Path.Combine(_temporaryDirectory, "patched.so");
        File.Copy(StockLibraryPath(), copy);
        var elf = File.ReadAllBytes(copy);
        var report = ElfVersionNeedPatcher.Analyze(elf, Version);

        Assert.True(ElfVersionNeedPatcher.MarkWeak(elf, report));
        File.WriteAllBytes(copy, elf);
        var patched = File.ReadAllBytes(copy);

        var second = ElfVersionNeedPatcher.Analyze(patched, Version);
        Assert.True(second.NeedsVersion);
        Assert.True(second.AlreadyWeak);
        Assert.Equal(report.FlagsOffset, second.FlagsOffset);
        Assert.Equal(new[] { Marker }, second.BoundSymbols);
        Assert.Equal(Flags(stock, report.FlagsOffset) | 0x2, Flags(patched, report.FlagsOffset));

        var beforeSecondPatch = (byte[])patched.Clone();
        Assert.False(ElfVersionNeedPatcher.MarkWeak(patched, second));
        Assert.Equal(beforeSecondPatch, patched);

        Assert.Equal(stock.Length, patched.Length);
        var differing = Enumerable.Range(0, stock.Length).Where(i => stock[i] != patched[i]).ToArray();
        Assert.NotEmpty(differing);
        Assert.All(differing, i => Assert.InRange(i, report.FlagsOffset, report.FlagsOffset + 1));
        Assert.Equal(StockMd5, Md5(StockLibraryPath()));
    }

    [Fact]
    public void SystemLibStdCxxDefinesWhatItsStringTableHolds()
    {
        var libstdcxx = File.ReadAllBytes(SystemLibStdCxxPath());

        // GCC 12 (Debian 12) and every newer libstdc++ define GLIBCXX_3.4.30.
        Assert.True(ElfVersionNeedPatcher.DefinesVersion(libstdcxx, "GLIBCXX_3.4.30"));
        Assert.True(ElfVersionNeedPatcher.DefinesVersion(libstdcxx, "GLIBCXX_3.4"));
        Assert.False(ElfVersionNeedPatcher.DefinesVersion(libstdcxx, "GLIBCXX_99.0"));
        // GLIBCXX_3.4.32 (GCC 13): defined exactly when its name is in the library at all; on Debian 12 it is not.
        Assert.Equal(ContainsVersionString(libstdcxx, Version), ElfVersionNeedPatcher.DefinesVersion(libstdcxx, Version));
        // A libstdc++ defines versions; it needs none of its own.
        Assert.False(ElfVersionNeedPatcher.Analyze(libstdcxx, "GLIBCXX_3.4.30").NeedsVersion);
    }

    [Fact]
    public void BuildOutputCopyIsWeakExactlyWhenTheSystemLibStdCxxLacksTheVersion()
    {
        bool systemHasVersion = ElfVersionNeedPatcher.DefinesVersion(File.ReadAllBytes(SystemLibStdCxxPath()), Version);
        var output = File.ReadAllBytes(OutputLibraryPath());
        var stock = File.ReadAllBytes(StockLibraryPath());

        var report = ElfVersionNeedPatcher.Analyze(output, Version);

        Assert.True(report.NeedsVersion);
        Assert.Equal(!systemHasVersion, report.AlreadyWeak);
        var expected = (byte[])stock.Clone();
        if (!systemHasVersion)
            ElfVersionNeedPatcher.MarkWeak(expected, ElfVersionNeedPatcher.Analyze(expected, Version));
        Assert.True(expected.AsSpan().SequenceEqual(output), "The build-output copy differs from the stock file by more than the version-need flag.");
    }

    [Fact]
    public void StockFileInTheNuGetCacheIsUnchangedAfterTheBuild()
    {
        Assert.Equal(StockMd5, Md5(StockLibraryPath()));
        Assert.False(ElfVersionNeedPatcher.Analyze(File.ReadAllBytes(StockLibraryPath()), Version).AlreadyWeak);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARelocatedBoundSymbolIsReported(bool useRel)
    {
        var elf = new SyntheticElf { UseRel = useRel };
        elf.Symbols.Add(("marker", 3));
        elf.Symbols.Add(("used", 2));
        elf.Symbols.Add(("called_new", 3));
        elf.Needs.Add(("libfoo.so.1", new (string, ushort, ushort)[] { ("FOO_1.0", 2, 0), ("FOO_2.0", 3, 0) }));
        elf.RelocatedSymbols.Add(2);   // "used": bound to FOO_1.0, irrelevant
        elf.RelocatedSymbols.Add(3);   // "called_new": bound to FOO_2.0, makes the patch unsafe
        elf.RelocatedSymbols.Add(3);

        var report = ElfVersionNeedPatcher.Analyze(elf.Build(), "FOO_2.0");

        Assert.True(report.NeedsVersion);
        Assert.Equal(new[] { "marker", "called_new" }, report.BoundSymbols);
        Assert.Equal(new[] { "called_new" }, report.RelocatedSymbols);
    }

    [Fact]
    public void AnUnrelocatedMarkerIsSafeAndHiddenVersionBitsCount()
    {
        var elf = new SyntheticElf();
        elf.Symbols.Add(("other", 2));
        elf.Symbols.Add(("marker", 0x8000 | 4));
        elf.Needs.Add(("libc.so.6", new (string, ushort, ushort)[] { ("GLIBC_2.2.5", 2, 0) }));
        elf.Needs.Add(("libfoo.so.1", new (string, ushort, ushort)[] { ("FOO_1.0", 3, 0), ("FOO_2.0", 4, 0) }));
        elf.RelocatedSymbols.Add(1);
        var image = elf.Build();

        var report = ElfVersionNeedPatcher.Analyze(image, "FOO_2.0");

        Assert.True(report.NeedsVersion);
        Assert.False(report.AlreadyWeak);
        Assert.Equal(new[] { "marker" }, report.BoundSymbols);
        Assert.Empty(report.RelocatedSymbols);
        Assert.True(ElfVersionNeedPatcher.MarkWeak(image, report));
        Assert.Equal(0x2, Flags(image, report.FlagsOffset));
        Assert.False(ElfVersionNeedPatcher.Analyze(image, "FOO_1.0").AlreadyWeak);   // the neighbour is untouched
    }

    [Fact]
    public void AnAlreadyWeakNeedIsLeftAlone()
    {
        var elf = new SyntheticElf();
        elf.Symbols.Add(("marker", 2));
        elf.Needs.Add(("libfoo.so.1", new (string, ushort, ushort)[] { ("FOO_2.0", 2, 0x2) }));
        var image = elf.Build();
        var before = (byte[])image.Clone();

        var report = ElfVersionNeedPatcher.Analyze(image, "FOO_2.0");

        Assert.True(report.AlreadyWeak);
        Assert.False(ElfVersionNeedPatcher.MarkWeak(image, report));
        Assert.Equal(before, image);
    }

    [Fact]
    public void AVersionThatIsNotNeededIsReportedAsSuch()
    {
        var elf = new SyntheticElf();
        elf.Symbols.Add(("marker", 2));
        elf.Needs.Add(("libfoo.so.1", new (string, ushort, ushort)[] { ("FOO_1.0", 2, 0) }));
        var image = elf.Build();
        var before = (byte[])image.Clone();

        var report = ElfVersionNeedPatcher.Analyze(image, "FOO_2.0");

        Assert.False(report.NeedsVersion);
        Assert.Equal(-1, report.FlagsOffset);
        Assert.Empty(report.BoundSymbols);
        Assert.False(ElfVersionNeedPatcher.MarkWeak(image, report));
        Assert.Equal(before, image);
    }

    [Fact]
    public void DefinesVersionWalksEveryDefinition()
    {
        var elf = new SyntheticElf();
        elf.Symbols.Add(("exported", 1));
        elf.Definitions.AddRange(new[] { "libfoo.so.1", "FOO_1.0", "FOO_2.0" });
        var image = elf.Build();

        Assert.True(ElfVersionNeedPatcher.DefinesVersion(image, "FOO_1.0"));
        Assert.True(ElfVersionNeedPatcher.DefinesVersion(image, "FOO_2.0"));
        Assert.False(ElfVersionNeedPatcher.DefinesVersion(image, "FOO_3.0"));
        Assert.False(ElfVersionNeedPatcher.DefinesVersion(new SyntheticElf().Build(), "FOO_1.0"));
    }

    [Fact]
    public void NonElfInputIsRejected()
    {
        var text = Encoding.ASCII.GetBytes("#!/bin/sh\necho this is not a shared object, but it is long enough to have an ELF header.\n");

        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Analyze(text, Version));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.DefinesVersion(text, Version));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Analyze(Array.Empty<byte>(), Version));
    }

    [Theory]
    [InlineData(4, 1, "64-bit")]   // ELFCLASS32
    [InlineData(5, 2, "little-endian")]   // big-endian
    public void ElfFilesOfAnotherClassOrByteOrderAreRejected(int field, byte value, string expected)
    {
        var image = new SyntheticElf().Build();
        image[field] = value;

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Analyze(image, Version));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ATruncatedLibraryIsRejectedAsInvalidData()
    {
        var stock = StockCopy();
        var truncated = stock.AsSpan(0, stock.Length / 2).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Analyze(truncated, Version));
        Assert.Contains("section header", error.Message);
    }

    [Fact]
    public void SystemLibStdCxxPrefersLdLibraryPath()
    {
        string directory = Path.Combine(_temporaryDirectory, "lib");
        Directory.CreateDirectory(directory);
        string fake = Path.Combine(directory, "libstdc++.so.6");
        File.WriteAllBytes(fake, new SyntheticElf().Build());

        Assert.Equal(fake, SystemLibStdCxx.Find("/nonexistent/dir::" + directory));
        var fallback = SystemLibStdCxx.Find("/nonexistent/dir");
        Assert.NotEqual(fake, fallback);
        Assert.Equal(SystemLibStdCxx.Find(null), fallback);
    }

    private static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(MD5.HashData(stream)).ToLowerInvariant();
    }
}
