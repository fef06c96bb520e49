#!/usr/bin/env bash
# The objective generator's cost in a consumer build, as the compiler reports it.
#
# Creates throwaway consumer projects outside the repository (so no Directory.Build.props applies: a user's project),
# referencing the generator the way tests/GlobalObjectives.EndToEnd.Tests does (ProjectReference, OutputItemType=Analyzer,
# ReferenceOutputAssembly=false) plus the runtime and attributes, with 1 and with 100 objective classes (all families,
# several-constraint ones included). Builds each with `dotnet build -c Release -p:ReportAnalyzer=true -v:detailed`
# and extracts from the compiler's report the time of the objective generator and of its analyzer, the SDK's Regex and
# System.Text.Json generators in the same build, all generators together, and the Csc task's wall time.
#
# Every run is a first build (consumer bin/obj deleted, restore included) followed by --rebuilds incremental rebuilds,
# each after an edit to an unrelated file. Two compiler modes:
#   process  -p:UseSharedCompilation=false: a fresh csc process per compile (CI; this machine's environment default).
#   server   the compiler server (the SDK default on a developer machine). Each run gets its own private server
#            (-p:SharedCompilationId), so its first build starts a cold server and the rebuilds reuse it; the script
#            stops that server (by its process id) at the end of the run.
# Also measured, unless turned off:
#   floor      the same consumers with a minimal generator in place of ours: one ForAttributeWithMetadataName per
#              trigger attribute, a transform that reads the class name, one tiny file per declaration. It is what any
#              generator that binds a declaration pays before doing anything of its own.
#   reference  a consumer without the objective generator or any objective, with one [GeneratedRegex] and one
#              JsonSerializerContext and the same references (runtime, attributes, so TorchSharp): the runtime's
#              generators with one declaration each.
#   mixed      (--mixed) the last variant's objective consumers plus the reference's two declarations: who pays the
#              first binding of the compilation when several generators bind declarations in one build.
#   binding    (--binding) two more consumers with the same objective classes, to tell the compilation's first binding
#              from a generator's own work: syntax-floor, a generator that finds the classes by their attributes' names
#              in the syntax alone (CreateSyntaxProvider, no semantic model: it binds nothing) and adds the floor's tiny
#              files; none, no generator or analyzer at all. Their Csc times against the floor's show whether binding
#              inside a generator adds to the build or only moves the compiler's own binding into the generator's report.
#
# Usage: benchmarks/generator-cost/measure.sh [--runs 5] [--rebuilds 3] [--objectives "1 100"] [--modes "process server"]
#                                             [--variant name=repo-dir]... [--no-floor] [--no-reference] [--mixed]
#                                             [--binding] [--work dir] [--jit] [--probe]
# --variant compares generators from several checkouts in one interleaved session (default: current=this repository),
# e.g. --variant before=/tmp/baseline --variant after=. ; runs are interleaved across variants, objective counts and
# modes so that all see the same machine. Writes results.tsv (every build, with the 1-minute load average read just
# before it) and summary.md (the machine, then medians as a markdown table) to the work dir (default: a new directory
# under /tmp, printed at the start) and prints the summary.
# --jit counts instead of timing, which is deterministic where the times are not: one cold compile per consumer (a fresh
# csc process) with the runtime's JIT summary (DOTNET_JitDisasmSummary, set for csc only through CscEnvironment), and
# the number of methods the JIT compiled in all, and from or over the generator's own assembly.
# --probe times the generator and its analyzer in-process, outside MSBuild and csc, with the calling thread's CPU time
# (Linux), which the load of other processes inflates far less than wall time: for every consumer of a generator (the
# variants' and the floor's), --runs fresh processes, each running one generator driver over 1 + --rebuilds new
# compilations of the consumer's sources and references (read from its csc command line), as the compiler server does
# (a new compilation per build, the driver kept), and the analyzer over each compilation with the generated sources.
# Writes probe.tsv and probe.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo_default="$(cd "$here/../.." && pwd)"
runs=5
rebuilds=3
counts="1 100"
modes="process server"
floor=1
reference=1
mixed=0
binding=0
work=""
jit=0
probe=0
variants=()

command_line="$0 $*"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --rebuilds) rebuilds=$2; shift 2 ;;
    --objectives) counts=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --variant) variants+=("$2"); shift 2 ;;
    --no-floor) floor=0; shift ;;
    --no-reference) reference=0; shift ;;
    --mixed) mixed=1; shift ;;
    --binding) binding=1; shift ;;
    --work) work=$2; shift 2 ;;
    --jit) jit=1; shift ;;
    --probe) probe=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -eq 0 ] && variants=("current=$repo_default")
[ -n "$work" ] || work="$(mktemp -d /tmp/generator-cost.XXXXXX)"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "work directory: $work"

# ---------------------------------------------------------------------------------------------------------------------
# Consumer sources

# Declaration i of the 100: the six seed families, then multi-constraint, F-score, complement and partial-AUC ones.
declaration() {
  case $(( $1 % 12 )) in
    0) echo '[Maximize(Recall)] [Constraint(Precision, ">=", 0.8)]' ;;
    1) echo '[Maximize(Precision)] [Constraint(Recall, ">=", 0.9)]' ;;
    2) echo '[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, ">=", 0.9)]' ;;
    3) echo '[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, "<=", 0.1)]' ;;
    4) echo '[Maximize(PrAuc)] [Anchors(20)]' ;;
    5) echo '[Maximize(RocAuc)]' ;;
    6) echo '[Maximize(Recall)] [Constraint(Precision, ">=", 0.9)] [Constraint(FalsePositiveRate, "<=", 0.02)]' ;;
    7) echo '[Maximize(Precision)] [Constraint(Recall, ">=", 0.8)] [Constraint(Accuracy, ">=", 0.9)] [Constraint(NegativePredictiveValue, ">=", 0.95)]' ;;
    8) echo '[Maximize(FScore, Beta = 2)] [Constraint(Precision, ">=", 0.5)]' ;;
    9) echo '[Minimize(FalseNegativeRate)] [Constraint(Specificity, ">=", 0.95)]' ;;
    10) echo '[Maximize(Recall)] [Constraint(FScore, ">=", 0.6, Beta = 0.5)] [Surrogate(SurrogateType.Hinge)]' ;;
    *) echo '[Maximize(RocAuc)] [FprRange(0, 0.1)] [Anchors(4)]' ;;
  esac
}

write_objectives() { # dir count
  {
    echo 'using GlobalObjectives;'
    echo 'using static GlobalObjectives.Metric;'
    echo 'namespace Consumer;'
    for ((i = 0; i < $2; i++)); do echo "$(declaration "$i") public partial class Objective$i { }"; done
  } > "$1/Objectives.cs"
}

write_unrelated() { # dir value
  printf 'namespace Consumer;\n\npublic static class Unrelated\n{\n    public static int Value => %s;\n}\n' "$2" > "$1/Unrelated.cs"
}

write_consumer() { # dir analyzer-project repo
  mkdir -p "$1"
  cat > "$1/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- The jit option: the JIT summary of the compiler process only (not of MSBuild). -->
    <CscEnvironment Condition="'\$(GeneratorCostJitFile)' != ''">DOTNET_JitDisasmSummary=1;DOTNET_JitStdOutFile=\$(GeneratorCostJitFile)</CscEnvironment>
  </PropertyGroup>
  <ItemGroup>
$(if [ -n "$2" ]; then echo "    <ProjectReference Include=\"$2\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"; fi)
    <ProjectReference Include="$3/src/Runtime/GlobalObjectives.Runtime.csproj" />
    <ProjectReference Include="$3/src/Attributes/GlobalObjectives.Attributes.csproj" />
  </ItemGroup>
</Project>
EOF
  write_unrelated "$1" 0
}

write_reference_consumer() { # dir repo
  mkdir -p "$1"
  cat > "$1/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <CscEnvironment Condition="'\$(GeneratorCostJitFile)' != ''">DOTNET_JitDisasmSummary=1;DOTNET_JitStdOutFile=\$(GeneratorCostJitFile)</CscEnvironment>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$2/src/Runtime/GlobalObjectives.Runtime.csproj" />
    <ProjectReference Include="$2/src/Attributes/GlobalObjectives.Attributes.csproj" />
  </ItemGroup>
</Project>
EOF
  write_reference_declarations "$1"
  write_unrelated "$1" 0
}

write_reference_declarations() { # dir
  cat > "$1/Declarations.cs" <<'EOF'
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Consumer;

public static partial class Patterns
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    public static partial Regex IsoDate();
}

public sealed record Reading(string Name, double Value);

[JsonSerializable(typeof(Reading))]
public partial class ReadingContext : JsonSerializerContext { }
EOF
}

write_floor_generator() { # dir
  mkdir -p "$1"
  cat > "$1/GlobalObjectives.FloorGenerator.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <IsRoslynComponent>true</IsRoslynComponent>
    <EnforceExtendedAnalyzerRules>true</EnforceExtendedAnalyzerRules>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.14.0" PrivateAssets="all" />
  </ItemGroup>
</Project>
EOF
  cat > "$1/FloorGenerator.cs" <<'EOF'
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GlobalObjectives.Floor;

/// <summary>The least a generator triggered by [Maximize]/[Minimize] can do: find the classes, read a name, add a file.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class FloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in new[] { "GlobalObjectives.MaximizeAttribute", "GlobalObjectives.MinimizeAttribute" })
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(attribute,
                static (node, _) => node is ClassDeclarationSyntax, static (target, _) => target.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (output, name) => output.AddSource(name + ".g.cs", "// " + name + "\n"));
        }
    }
}
EOF
}

write_syntax_floor_generator() { # dir
  mkdir -p "$1"
  sed 's/GlobalObjectives.FloorGenerator/GlobalObjectives.SyntaxFloorGenerator/' "$work/floor-generator/GlobalObjectives.FloorGenerator.csproj" \
    > "$1/GlobalObjectives.SyntaxFloorGenerator.csproj"
  cat > "$1/SyntaxFloorGenerator.cs" <<'EOF'
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GlobalObjectives.SyntaxFloor;

/// <summary>
/// The floor generator's output found without a semantic model: classes whose attribute names read Maximize or Minimize.
/// It binds nothing (so it cannot tell GlobalObjectives' attributes from others of the same name).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SyntaxFloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.CreateSyntaxProvider(
            static (node, _) => node is ClassDeclarationSyntax declaration && HasTriggerName(declaration),
            static (syntax, _) => ((ClassDeclarationSyntax)syntax.Node).Identifier.ValueText);
        context.RegisterSourceOutput(names, static (output, name) => output.AddSource(name + ".g.cs", "// " + name + "\n"));
    }

    private static bool HasTriggerName(ClassDeclarationSyntax declaration)
    {
        foreach (var list in declaration.AttributeLists)
            foreach (var attribute in list.Attributes)
                if (attribute.Name.ToString() is "Maximize" or "Minimize" or "MaximizeAttribute" or "MinimizeAttribute") return true;
        return false;
    }
}
EOF
}

# ---------------------------------------------------------------------------------------------------------------------
# Building and reading the compiler's report

# Prints: generator analyzer regex stj all-generators csc (ms; -1 for "<0.001 s"; - when absent).
extract() { # log
  awk '
    function ms(v) { return v ~ /^</ ? -1 : v * 1000 }
    /Total analyzer execution time:/ { section = "analyzer" }
    /Total generator execution time:/ { section = "generator"; match($0, /[0-9.]+ seconds/); all = substr($0, RSTART, RLENGTH - 8) * 1000 }
    /, Version=/ && section != "" {
      n = split($0, f, " ")
      if (f[1] !~ /^<?[0-9.]+$/) next
      name = f[3]; sub(/,$/, "", name)
      if (section == "generator" && (name == "GlobalObjectives.Generator" || name == "GlobalObjectives.FloorGenerator" || name == "GlobalObjectives.SyntaxFloorGenerator")) gen = ms(f[1])
      if (section == "analyzer" && name == "GlobalObjectives.Generator") an = ms(f[1])
      if (section == "generator" && name == "System.Text.RegularExpressions.Generator") rx = ms(f[1])
      if (section == "generator" && name == "System.Text.Json.SourceGeneration") stj = ms(f[1])
    }
    /^ +[0-9]+ ms  Csc +[0-9]+ calls/ { csc = $1 }
    END {
      printf "%s\t%s\t%s\t%s\t%s\t%s\n", (gen == "" ? "-" : gen), (an == "" ? "-" : an), (rx == "" ? "-" : rx),
        (stj == "" ? "-" : stj), (all == "" ? "-" : all), (csc == "" ? "-" : csc)
    }' "$1"
}

server_id=""
stop_server() {
  [ -n "$server_id" ] || return 0
  local pids
  pids=$(pgrep -f -- "VBCSCompiler.* -pipename:$server_id\$" || true)
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  server_id=""
}
trap stop_server EXIT

results="$work/results.tsv"
printf 'variant\tmode\tobjectives\tbuild\trun\tgenerator_ms\tanalyzer_ms\tregex_ms\tstj_ms\tall_generators_ms\tcsc_ms\tload1\n' > "$results"
load1() { cut -d' ' -f1 /proc/loadavg; }

build() { # dir log mode [extra msbuild args...]
  local dir=$1 log=$2 mode=$3; shift 3
  local shared=false
  [ "$mode" = server ] && shared=true
  if ! dotnet build "$dir/Consumer.csproj" -c Release -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:detailed \
       -clp:PerformanceSummary -p:UseSharedCompilation=$shared ${server_id:+-p:SharedCompilationId=$server_id} "$@" > "$log" 2>&1; then
    echo "build failed: $log" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

measure() { # label dir mode count run
  local label=$1 dir=$2 mode=$3 count=$4 run=$5
  [ "$mode" = server ] && server_id="gocost-$$-$run-$label-$count"
  rm -rf "$dir/bin" "$dir/obj"
  write_unrelated "$dir" 0
  local load
  load=$(load1)
  build "$dir" "$dir/first-$mode-$run.log" "$mode"
  printf '%s\t%s\t%s\tfirst\t%s\t%s\t%s\n' "$label" "$mode" "$count" "$run" "$(extract "$dir/first-$mode-$run.log")" "$load" >> "$results"
  for ((r = 1; r <= rebuilds; r++)); do
    write_unrelated "$dir" "$r"
    load=$(load1)
    build "$dir" "$dir/rebuild-$mode-$run-$r.log" "$mode" --no-restore
    printf '%s\t%s\t%s\trebuild\t%s\t%s\t%s\n' "$label" "$mode" "$count" "$run" "$(extract "$dir/rebuild-$mode-$run-$r.log")" "$load" >> "$results"
  done
  stop_server
}

# ---------------------------------------------------------------------------------------------------------------------
# Set up every consumer, and build each once (restores, builds the referenced projects in Release, warms the disk cache).

consumers=()   # label|dir|count
for variant in "${variants[@]}"; do
  name=${variant%%=*}
  repo="$(cd "${variant#*=}" && pwd)"
  for count in $counts; do
    dir="$work/$name-$count"
    write_consumer "$dir" "$repo/src/Generator/GlobalObjectives.Generator.csproj" "$repo"
    write_objectives "$dir" "$count"
    consumers+=("$name|$dir|$count")
    if [ "$mixed" = 1 ] && [ "$variant" = "${variants[${#variants[@]} - 1]}" ]; then
      dir="$work/$name-mixed-$count"
      write_consumer "$dir" "$repo/src/Generator/GlobalObjectives.Generator.csproj" "$repo"
      write_objectives "$dir" "$count"
      write_reference_declarations "$dir"
      consumers+=("$name-mixed|$dir|$count")
    fi
  done
done
first_repo="$(cd "${variants[0]#*=}" && pwd)"
add_objective_consumers() { # label analyzer-project ("" for none): one consumer per objective count, on the first variant's runtime
  local dir count
  for count in $counts; do
    dir="$work/$1-$count"
    write_consumer "$dir" "$2" "$first_repo"
    write_objectives "$dir" "$count"
    consumers+=("$1|$dir|$count")
  done
}
if [ "$floor" = 1 ] || [ "$binding" = 1 ]; then
  write_floor_generator "$work/floor-generator"
fi
if [ "$floor" = 1 ]; then
  add_objective_consumers floor "$work/floor-generator/GlobalObjectives.FloorGenerator.csproj"
fi
if [ "$binding" = 1 ]; then
  write_syntax_floor_generator "$work/syntax-floor-generator"
  add_objective_consumers syntax-floor "$work/syntax-floor-generator/GlobalObjectives.SyntaxFloorGenerator.csproj"
  add_objective_consumers none ""
fi
if [ "$reference" = 1 ]; then
  write_reference_consumer "$work/reference" "$first_repo"
  consumers+=("reference|$work/reference|0")
fi

for entry in "${consumers[@]}"; do
  IFS='|' read -r label dir count <<< "$entry"
  echo "preparing $label ($count objectives)"
  if ! dotnet build "$dir/Consumer.csproj" -c Release -p:UseSharedCompilation=false > "$dir/prepare.log" 2>&1; then
    echo "build failed: $dir/prepare.log" >&2; tail -n 30 "$dir/prepare.log" >&2; exit 1
  fi
done

# ---------------------------------------------------------------------------------------------------------------------
# --jit: methods compiled by the JIT in one cold compile per consumer

if [ "$jit" = 1 ]; then
  summary="$work/jit.md"
  {
    echo "Distinct methods the JIT compiled in one cold compile (a fresh csc process, first build): in all, and those of"
    echo "the generator's assembly or instantiated over its types (GlobalObjectives.Generator.* or the floor generator's),"
    echo "with their IL size."
    echo
    echo "| consumer | objectives | all methods | generator's | generator's IL bytes |"
    echo "|---|---:|---:|---:|---:|"
  } > "$summary"
  for entry in "${consumers[@]}"; do
    IFS='|' read -r label dir count <<< "$entry"
    rm -rf "$dir/bin" "$dir/obj" "$dir/jit.txt"
    write_unrelated "$dir" 0
    build "$dir" "$dir/jit.log" process -p:GeneratorCostJitFile="$dir/jit.txt"
    # Distinct methods: a hot method is compiled again (instrumented, then optimized), and how many get hot depends on timing.
    awk -v label="$label" -v count="$count" '
      / JIT compiled / {
        method = $0; sub(/^ *[0-9]+: JIT compiled /, "", method); sub(/ \[[^]]*\]$/, "", method)
        if (method in seen) next
        seen[method] = 1; all++
        if (method ~ /GlobalObjectives\.(Generator|Floor|SyntaxFloor)\./) { own++; if (match($0, /IL size=[0-9]+/)) il += substr($0, RSTART + 8, RLENGTH - 8) }
      }
      END { printf "| %s | %s | %d | %d | %d |\n", label, count, all, own, il }' "$dir/jit.txt" >> "$summary"
  done
  cat "$summary"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------------
# --probe: the generator and analyzer in-process, timed by thread CPU time

write_probe() { # dir
  mkdir -p "$1"
  cat > "$1/GeneratorCostProbe.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.14.0" />
  </ItemGroup>
</Project>
EOF
  cat > "$1/Program.cs" <<'EOF'
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// probe <generator.dll> <consumer dir> <csc arguments file> <compilations>: one generator driver over new compilations of
// the same sources and metadata references (the compiler server's way: a new compilation per build, the driver kept);
// prints per compilation the driver's generator time, the calling thread's CPU time for the driver run, and the
// analyzers' execution time over the compilation with the generated sources.
var assembly = Assembly.LoadFrom(args[0]);
string dir = args[1];
var cscArguments = File.ReadAllLines(args[2]);
int compilations = int.Parse(args[3]);
var generator = (IIncrementalGenerator)Activator.CreateInstance(assembly.GetTypes().First(t => typeof(IIncrementalGenerator).IsAssignableFrom(t)))!;
var analyzers = assembly.GetTypes().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
var references = cscArguments.Where(a => a.StartsWith("/reference:")).Select(a => (MetadataReference)MetadataReference.CreateFromFile(a["/reference:".Length..])).ToList();
var files = cscArguments.Where(a => a.EndsWith(".cs") && !a.StartsWith('/')).Select(a => Path.Combine(dir, a.Trim('"'))).ToArray();
var parse = new CSharpParseOptions(LanguageVersion.Preview);
var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: parse);
for (int i = 0; i < compilations; i++)
{
    // An unrelated edit per compilation, like measure.sh's rebuilds.
    var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.EndsWith("Unrelated.cs") ? $"namespace Consumer; public static class Unrelated {{ public static int Value => {i}; }}" : File.ReadAllText(f), parse, f));
    var compilation = CSharpCompilation.Create("Consumer", trees, references, options);
    double cpu = ThreadCpu.Milliseconds();
    driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
    cpu = ThreadCpu.Milliseconds() - cpu;
    double generatorMs = driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime.TotalMilliseconds;
    string analyzerMs = "-";
    if (analyzers.Length > 0)
    {
        var withAnalyzers = output.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        double total = 0;
        foreach (var analyzer in analyzers) total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
        analyzerMs = total.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }
    Console.WriteLine(string.Join('\t', i == 0 ? "cold" : "warm", generatorMs.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
        cpu.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), analyzerMs));
}

static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)] private struct Timespec { public long Seconds; public long Nanoseconds; }
    [DllImport("libc", EntryPoint = "clock_gettime")] private static extern int ClockGetTime(int clock, out Timespec time);
    private const int ThreadCpuTimeClock = 3;   // CLOCK_THREAD_CPUTIME_ID
    public static double Milliseconds() { ClockGetTime(ThreadCpuTimeClock, out var t); return t.Seconds * 1e3 + t.Nanoseconds / 1e6; }
}
EOF
}

if [ "$probe" = 1 ]; then
  write_probe "$work/probe"
  if ! dotnet build "$work/probe/GeneratorCostProbe.csproj" -c Release > "$work/probe/build.log" 2>&1; then
    echo "build failed: $work/probe/build.log" >&2; tail -n 30 "$work/probe/build.log" >&2; exit 1
  fi
  probe_results="$work/probe.tsv"
  printf 'consumer\tobjectives\trun\tcompilation\tgenerator_ms\tdriver_thread_cpu_ms\tanalyzer_ms\tload1\n' > "$probe_results"
  probed=()   # label|dir|count|generator dll
  for entry in "${consumers[@]}"; do
    IFS='|' read -r label dir count <<< "$entry"
    case "$label" in reference|none|*-mixed) continue ;; esac
    if [ "$label" = floor ]; then dll="$work/floor-generator/bin/Release/netstandard2.0/GlobalObjectives.FloorGenerator.dll"
    elif [ "$label" = syntax-floor ]; then dll="$work/syntax-floor-generator/bin/Release/netstandard2.0/GlobalObjectives.SyntaxFloorGenerator.dll"
    else dll="$(sed -n 's/^ *<ProjectReference Include="\(.*\)GlobalObjectives.Generator.csproj".*/\1/p' "$dir/Consumer.csproj")bin/Release/netstandard2.0/GlobalObjectives.Generator.dll"; fi
    # The csc command line of a build of this consumer: its references and source files.
    rm -rf "$dir/bin" "$dir/obj"
    write_unrelated "$dir" 0
    build "$dir" "$dir/probe-build.log" process
    grep -m 1 ' /noconfig ' "$dir/probe-build.log" | tr ' ' '\n' | grep -E '^/reference:|\.cs"?$' > "$dir/csc-arguments.txt"
    probed+=("$label|$dir|$count|$dll")
  done
  for ((run = 1; run <= runs; run++)); do
    for entry in "${probed[@]}"; do
      IFS='|' read -r label dir count dll <<< "$entry"
      echo "probe run $run/$runs: $label, $count objectives"
      load=$(load1)
      dotnet "$work/probe/bin/Release/net10.0/GeneratorCostProbe.dll" "$dll" "$dir" "$dir/csc-arguments.txt" $((1 + rebuilds)) |
        awk -v OFS='\t' -v label="$label" -v count="$count" -v run="$run" -v load="$load" '{ print label, count, run, $1, $2, $3, $4, load }' >> "$probe_results"
    done
  done
  {
    echo "In-process probe (\`--probe\`): $runs fresh processes per consumer, each one generator driver over $((1 + rebuilds)) new"
    echo "compilations (the first cold, the others warm, as in the compiler server); 1-minute load average before each process"
    echo "from $(awk -F '\t' 'NR > 1 { if (min == "" || $8 < min) min = $8; if ($8 > max) max = $8 } END { print min " to " max }' "$probe_results")."
    echo "Times in ms: \`generator\` the driver's time for the generator, \`thread CPU\` the calling thread's CPU time for the"
    echo "driver run (all of it is the one generator's), \`analyzer\` the analyzers' execution time; median (and minimum)."
    echo
    echo "| consumer | objectives | compilation | generator | thread CPU | thread CPU min | analyzer | analyzer min |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|"
    awk -F '\t' '
      NR == 1 { next }
      {
        key = $1 SUBSEP $2 SUBSEP $4
        if (!(key in n)) order[++keys] = key
        n[key]++
        for (c = 5; c <= 7; c++) v[key, c, n[key]] = $c
      }
      function stat(key, c, minimum,   i, j, a, t, cnt, m) {
        cnt = 0
        for (i = 1; i <= n[key]; i++) if (v[key, c, i] != "-") a[++cnt] = v[key, c, i] + 0
        if (cnt == 0) return "–"
        for (i = 2; i <= cnt; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        m = minimum ? a[1] : cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
        return sprintf(m < 10 ? "%.1f" : "%.0f", m)
      }
      END {
        for (k = 1; k <= keys; k++) {
          split(order[k], p, SUBSEP)
          print "| " p[1] " | " p[2] " | " p[3] " | " stat(order[k], 5) " | " stat(order[k], 6) " | " stat(order[k], 6, 1) " | " stat(order[k], 7) " | " stat(order[k], 7, 1) " |"
        }
      }' "$probe_results"
  } > "$work/probe.md"
  cat "$work/probe.md"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------------
# Interleaved runs

for ((run = 1; run <= runs; run++)); do
  for mode in $modes; do
    for entry in "${consumers[@]}"; do
      IFS='|' read -r label dir count <<< "$entry"
      echo "run $run/$runs: $mode, $label, $count objectives"
      measure "$label" "$dir" "$mode" "$count" "$run"
    done
  done
done

# ---------------------------------------------------------------------------------------------------------------------
# Medians

summary="$work/summary.md"
{
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),"
  echo "$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) of memory, .NET SDK $(dotnet --version), $(uname -sr)."
  echo "Run: \`$command_line\`, $started to $(date -u '+%Y-%m-%d %H:%M UTC'); 1-minute load average before each build"
  echo "from $(awk -F '\t' 'NR > 1 { if (min == "" || $12 < min) min = $12; if ($12 > max) max = $12 } END { print min " to " max }' "$results")."
  echo
  echo "Medians over $runs runs (first builds) and $((runs * rebuilds)) rebuilds, in ms as the compiler reports them"
  echo "(\`-p:ReportAnalyzer=true\`; \"<1\" is the report's \"<0.001\"). \`generator\` is GlobalObjectives.Generator's"
  echo "generator (the floor generators' in the floor rows), \`analyzer\` its ObjectiveAnalyzer, \`gen + an\` their sum per"
  echo "build (median and minimum); \`all generators\` is the report's total generator time; \`Csc\` the Csc task's wall time"
  echo "(MSBuild performance summary); \`load\` the median 1-minute load average before the builds."
  echo
  echo "| consumer | objectives | compiler | build | generator | analyzer | gen + an | gen + an min | Regex | STJ | all generators | Csc | load |"
  echo "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F '\t' '
    function value(x) { return x == -1 ? 0.5 : x + 0 }
    NR == 1 { next }
    {
      key = $1 SUBSEP $3 SUBSEP $2 SUBSEP $4
      if (!(key in n)) { order[++keys] = key }
      n[key]++
      for (c = 6; c <= 12; c++) v[key, c, n[key]] = $c
      v[key, 13, n[key]] = $6 == "-" ? "-" : value($6) + ($7 == "-" ? 0 : value($7))
    }
    function median(key, c, minimum,   i, j, m, a, t, cnt) {
      cnt = 0
      for (i = 1; i <= n[key]; i++) if (v[key, c, i] != "-") a[++cnt] = (v[key, c, i] == -1 ? 0.5 : v[key, c, i] + 0)
      if (cnt == 0) return "–"
      for (i = 2; i <= cnt; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      m = minimum ? a[1] : cnt % 2 ? a[(cnt + 1) / 2] : (a[cnt / 2] + a[cnt / 2 + 1]) / 2
      if (c == 12) return sprintf("%.1f", m)
      return m <= 0.5 ? "<1" : sprintf("%.0f", m)
    }
    END {
      for (k = 1; k <= keys; k++) {
        split(order[k], p, SUBSEP)
        line = "| " p[1] " | " p[2] " | " p[3] " | " p[4]
        line = line " | " median(order[k], 6) " | " median(order[k], 7) " | " median(order[k], 13) " | " median(order[k], 13, 1)
        for (c = 8; c <= 12; c++) line = line " | " median(order[k], c)
        print line " |"
      }
    }' "$results" | sort -t "|" -k4,4 -k2,2 -k3,3n -k5,5 -s
} > "$summary"
cat "$summary"
echo
echo "every build: $results; logs: $work/*/"
