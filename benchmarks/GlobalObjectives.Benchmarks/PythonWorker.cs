using System.Diagnostics;
using System.Globalization;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The PyTorch side of <c>--pytorch</c>: a long-lived <c>benchmarks/pytorch-compare/worker.py</c> process speaking one
/// request line on stdin and one reply line on stdout ("ok …" or "error …"; the protocol is in worker.py's docstring).
/// </summary>
internal sealed class PythonWorker : IDisposable
{
    /// <summary>The environment variable that names the interpreter to use (it must import torch and numpy).</summary>
    public const string InterpreterVariable = "GLOBALOBJECTIVES_PYTHON";

    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();

    public PythonWorker(string python, string script)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        SingleThreaded(start);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python} {script}.");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>One request, its reply without the "ok" (an exception for "error" or a closed pipe).</summary>
    public string Send(string request)
    {
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        string? reply = _process.StandardOutput.ReadLine();
        if (reply is null)
        {
            _process.WaitForExit(5000);
            string stderr;
            lock (_stderr) stderr = _stderr.ToString();
            throw new InvalidOperationException($"The PyTorch worker exited during '{request}'{(_process.HasExited ? $" (exit {_process.ExitCode})" : "")}: {stderr}");
        }
        if (reply == "ok") return "";
        if (reply.StartsWith("ok ", StringComparison.Ordinal)) return reply[3..];
        throw new InvalidOperationException($"The PyTorch worker answered '{request}' with: {reply}");
    }

    /// <summary>Parses a <c>time</c> reply: "t1,t2,… w1,w2,…" in nanoseconds, returned in microseconds.</summary>
    public static (double[] ThreadMicroseconds, double[] WallMicroseconds) ParseTimes(string reply, int steps)
    {
        var parts = reply.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
            throw new FormatException($"A time reply has two comma-separated lists (thread ns, wall ns); got '{reply}'.");
        var thread = parts[0].Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture) / 1e3).ToArray();
        var wall = parts[1].Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture) / 1e3).ToArray();
        if (thread.Length != steps || wall.Length != steps)
            throw new FormatException($"A time reply for {steps} steps has {thread.Length} thread and {wall.Length} wall times.");
        return (thread, wall);
    }

    /// <summary>One thread on the PyTorch side too (the worker also calls torch.set_num_threads(1)).</summary>
    public static void SingleThreaded(ProcessStartInfo start)
    {
        foreach (var name in new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS" })
            start.Environment[name] = "1";
    }

    /// <summary>
    /// The interpreter to use: <see cref="InterpreterVariable"/> if set, else /usr/bin/python3 (Debian's python3-torch),
    /// else python3 on the PATH; the first that imports torch and numpy. Null with the reasons when none does.
    /// </summary>
    public static (string? Python, string TorchVersion, string Report) FindInterpreter()
    {
        var tried = new List<string>();
        string? chosen = Environment.GetEnvironmentVariable(InterpreterVariable);
        var candidates = !string.IsNullOrWhiteSpace(chosen) ? new[] { chosen } : ["/usr/bin/python3", "python3"];
        foreach (var candidate in candidates)
        {
            var (ok, output) = Probe(candidate);
            if (ok) return (candidate, output, "");
            tried.Add($"{candidate}: {output}");
        }
        return (null, "", string.Join("; ", tried));
    }

    private static (bool Ok, string Output) Probe(string python)
    {
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-c", "import numpy, torch; print(torch.__version__)" }) start.ArgumentList.Add(argument);
            SingleThreaded(start);
            using var process = Process.Start(start);
            if (process is null) return (false, "could not start");
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(120_000))
            {
                process.Kill();
                return (false, "timed out importing torch");
            }
            if (process.ExitCode == 0 && output.Length > 0) return (true, output);
            var lastLine = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit {process.ExitCode}";
            return (false, lastLine.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }

    /// <summary>benchmarks/pytorch-compare/worker.py, found from the working directory or the binary's folder upwards.</summary>
    public static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "benchmarks", "pytorch-compare", "worker.py");
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        catch (IOException)
        {
            // The pipe is already closed: the process has exited.
        }
        _process.Dispose();
    }
}
