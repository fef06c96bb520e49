"""The PyTorch side of `GlobalObjectives.Benchmarks --pytorch` (benchmarks/GlobalObjectives.Benchmarks/PyTorchComparison.cs).

Two ways to run it, both one thread (torch.set_num_threads(1)):

* `worker.py` (no arguments): a long-lived server speaking one line per request on stdin and one line per reply on
  stdout ("ok ..." or "error <message>"):
    hello                               -> ok torch=<version> threads=<n> python=<version>
    load <dir> <B> <L> <float32|float64> -> ok      (reads <dir>/logits.bin and <dir>/labels.bin, raw little-endian, row-major)
    new <family>                        -> ok      (a fresh loss on the loaded batch: lambda = 1, pseudocount priors)
    time <n>                            -> ok <thread ns>,... <wall ns>,...   (n training steps, each timed alone)
    check <family> <steps> <dir>        -> ok <loss>,...   (a fresh loss, <steps> steps on the loaded batch; after step i
                                            writes <dir>/py<i>_<name>.bin, float64, for name in logits_grad and each
                                            parameter's gradient: lambdas_grad, biases_grad)
    quit
* `worker.py --memory <family> <B> <L> <steps>`: a fresh process that builds the batch (N(0, 1) logits, 30 % positive
  labels), runs <steps> steps and prints `RESULT setupHwmKiB=... peakHwmKiB=... medianMs=...` (VmHWM of
  /proc/self/status after setup and after the steps).
"""

import os
import platform
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_losses  # noqa: E402

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass


def _vm_hwm_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmHWM line")


def _read(path, shape, dtype):
    np_dtype = np.float32 if dtype == torch.float32 else np.float64
    data = np.fromfile(path, dtype="<" + np.dtype(np_dtype).str[1:])
    if data.size != shape[0] * shape[1]:
        raise ValueError(f"{path} holds {data.size} values; expected {shape[0]}x{shape[1]}")
    return torch.from_numpy(data.reshape(shape).copy())


def _write(path, tensor):
    tensor.detach().to(torch.float64).contiguous().numpy().astype("<f8").tofile(path)


class Server:
    def __init__(self):
        self.x = None
        self.y = None
        self.loss = None

    def handle(self, words):
        command = words[0]
        if command == "hello":
            return f"torch={torch.__version__} threads={torch.get_num_threads()} python={platform.python_version()}"
        if command == "load":
            directory, batch, labels, dtype_name = words[1], int(words[2]), int(words[3]), words[4]
            dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
            self.x = _read(os.path.join(directory, "logits.bin"), (batch, labels), dtype).requires_grad_(True)
            self.y = _read(os.path.join(directory, "labels.bin"), (batch, labels), dtype)
            self.loss = None
            return ""
        if command == "new":
            self._require_batch()
            self.loss = seed_losses.create(words[1], self.x.shape[1], self.x.dtype)
            return ""
        if command == "time":
            if self.loss is None:
                raise RuntimeError("time before new")
            steps = int(words[1])
            thread_ns, wall_ns = [], []
            for _ in range(steps):
                wall = time.perf_counter_ns()
                cpu = time.thread_time_ns()
                seed_losses.step(self.loss, self.x, self.y)
                thread_ns.append(time.thread_time_ns() - cpu)
                wall_ns.append(time.perf_counter_ns() - wall)
            return ",".join(map(str, thread_ns)) + " " + ",".join(map(str, wall_ns))
        if command == "check":
            self._require_batch()
            family, steps, directory = words[1], int(words[2]), words[3]
            loss = seed_losses.create(family, self.x.shape[1], self.x.dtype)
            values = []
            for i in range(steps):
                value = loss(self.x, self.y).mean()
                value.backward()
                values.append(repr(value.item()))
                _write(os.path.join(directory, f"py{i}_logits_grad.bin"), self.x.grad)
                names = ["lambdas_grad", "biases_grad"]
                for name, parameter in zip(names, loss.parameters):
                    _write(os.path.join(directory, f"py{i}_{name}.bin"), parameter.grad)
                    parameter.grad = None
                self.x.grad = None
            return ",".join(values)
        raise ValueError(f"unknown command '{command}'")

    def _require_batch(self):
        if self.x is None:
            raise RuntimeError("no batch loaded (send load first)")


def serve():
    server = Server()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            reply = server.handle(words)
            print(("ok " + reply).rstrip(), flush=True)
        except Exception as error:  # reported to the driver, which fails the run
            print("error " + f"{type(error).__name__}: {error}".replace("\n", " "), flush=True)


def memory(family, batch, labels, steps):
    generator = torch.Generator().manual_seed(99)
    x = torch.randn((batch, labels), generator=generator).requires_grad_(True)
    y = (torch.rand((batch, labels), generator=generator) > 0.7).to(torch.float32)
    loss = seed_losses.create(family, labels, x.dtype)
    setup = _vm_hwm_kib()
    times = []
    for _ in range(steps):
        start = time.perf_counter_ns()
        seed_losses.step(loss, x, y)
        times.append((time.perf_counter_ns() - start) / 1e6)
    peak = _vm_hwm_kib()
    print(f"RESULT steps={steps} setupHwmKiB={setup} peakHwmKiB={peak} medianMs={float(np.median(times))!r}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--memory":
        memory(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        serve()
