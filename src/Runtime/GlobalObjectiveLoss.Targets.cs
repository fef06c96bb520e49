using static GlobalObjectives.MessageText;

namespace GlobalObjectives;

// Target resolution: the declared targets, ObjectiveOptions.Targets (one constraint) and ObjectiveOptions.TargetOverrides.
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>
    /// The resolved targets [L] of constraint <paramref name="constraint"/> (declaration order), in its declared metric's
    /// terms: its <see cref="TargetOverride"/> when one is given, else <see cref="ObjectiveOptions.Targets"/> when the
    /// objective has this one constraint, else the declared target for every label. A new array on every call.
    /// </summary>
    /// <exception cref="InvalidOperationException">The objective was not built with <see cref="ObjectiveState.RateConstraints"/> constraint slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="constraint"/> is not a slot's position.</exception>
    protected double[] ResolveTargets(int constraint)
    {
        var slots = _state.Constraints;
        if (slots.Count == 0)
            throw new InvalidOperationException("This objective has no constraint slots (ObjectiveState.RateConstraints), so it has no targets to resolve.");
        if ((uint)constraint >= (uint)slots.Count)
            throw new ArgumentOutOfRangeException(nameof(constraint), constraint, $"constraint must be in [0, {slots.Count - 1}]: {DescribeSlots(slots)}.");
        if (_targetOverrides[constraint] is { } overridden) return (double[])overridden.Clone();
        if (_targets is { } targets) return (double[])targets.Clone();
        var resolved = new double[NumLabels];
        Array.Fill(resolved, slots[constraint].DeclaredTarget);
        return resolved;
    }

    /// <summary>
    /// Checks <see cref="ObjectiveOptions.Targets"/> and <see cref="ObjectiveOptions.TargetOverrides"/> and returns the
    /// overridden targets per constraint slot ([L] copies, null where not overridden). Runs before any state is registered.
    /// </summary>
    private static double[]?[] ResolveTargetOptions(ObjectiveOptions options, double[]? targets, int numLabels, ObjectiveState state)
    {
        var slots = state.Constraints;
        if (targets is not null)
        {
            if (!state.HasTargets)
                throw new ArgumentException("ObjectiveOptions.Targets applies only to objectives with a [Constraint]; this objective has none.", nameof(options));
            if (slots.Count > 1)
                throw new ArgumentException(
                    $"ObjectiveOptions.Targets is ambiguous: this objective declares {slots.Count} constraints ({DescribeSlots(slots)}); " +
                    "use ObjectiveOptions.TargetOverrides with TargetOverride.ForConstraint(position, …) or TargetOverride.ForMetric(metric, …).", nameof(options));
            if (targets.Length != numLabels)
                throw new ArgumentException(
                    $"ObjectiveOptions.Targets has {targets.Length} value(s); expected one per label ({numLabels}).", nameof(options));
            for (int i = 0; i < targets.Length; i++)
                if (!(targets[i] >= 0 && targets[i] <= 1))
                    throw new ArgumentOutOfRangeException(nameof(options), targets[i],
                        $"ObjectiveOptions.Targets[{i}] = {Number(targets[i])}; expected a target in [0, 1].");
        }

        var resolved = new double[]?[slots.Count];
        if (options.TargetOverrides is not { } overrides) return resolved;
        if (!state.HasTargets)
            throw new ArgumentException("ObjectiveOptions.TargetOverrides applies only to objectives with a [Constraint]; this objective has none.", nameof(options));
        if (targets is not null)
            throw new ArgumentException(
                "ObjectiveOptions.Targets and ObjectiveOptions.TargetOverrides are both set; expected one of them (TargetOverrides names the constraint).", nameof(options));

        var overriddenBy = new int[slots.Count];
        Array.Fill(overriddenBy, -1);
        var snapshot = overrides.ToArray();
        for (int i = 0; i < snapshot.Length; i++)
        {
            string name = $"ObjectiveOptions.TargetOverrides[{i}]";
            var entry = snapshot[i] ?? throw new ArgumentException($"{name} is null; expected a TargetOverride.", nameof(options));
            int position = SlotOf(entry, name, slots);
            var slot = slots[position];
            string what = $"{name} = {entry} (constraint {position}, {slot})";
            if (overriddenBy[position] >= 0)
                throw new ArgumentException(
                    $"{what} overrides the same constraint as ObjectiveOptions.TargetOverrides[{overriddenBy[position]}]; expected at most one override per constraint.", nameof(options));
            overriddenBy[position] = i;
            var values = entry.Values;
            if (values.Length != 1 && values.Length != numLabels)
                throw new ArgumentException(
                    $"{what} has {values.Length} value(s); expected 1 (every label){(numLabels > 1 ? $" or {numLabels} (one per label)" : "")}.", nameof(options));
            for (int v = 0; v < values.Length; v++)
                if (!(values[v] >= 0 && values[v] <= 1))
                    throw new ArgumentOutOfRangeException(nameof(options), values[v],
                        $"{what}: value {v} is {Number(values[v])}; expected a target in [0, 1], in the declared {slot.Metric}'s terms.");
            var perLabel = new double[numLabels];
            if (values.Length == 1) Array.Fill(perLabel, values[0]);
            else Array.Copy(values, perLabel, numLabels);
            resolved[position] = perLabel;
        }
        return resolved;
    }

    /// <summary>The slot an override names: by position, or the one slot on its metric (aliases fold, complements do not).</summary>
    private static int SlotOf(TargetOverride entry, string name, IReadOnlyList<ConstraintSlot> slots)
    {
        if (entry.Position is { } position)
        {
            if ((uint)position >= (uint)slots.Count)
                throw new ArgumentOutOfRangeException("options", position,
                    $"{name} = {entry}: position {position} is out of range; expected 0 to {slots.Count - 1}, the constraints being {DescribeSlots(slots)}.");
            return position;
        }
        var metric = entry.Metric!.Value;
        var matches = new List<int>();
        for (int j = 0; j < slots.Count; j++)
            if (MetricFacts.Fold(slots[j].Metric) == MetricFacts.Fold(metric)) matches.Add(j);
        if (matches.Count == 0)
            throw new ArgumentException(
                $"{name} = {entry}: {metric} is not constrained by this objective; its constraints are {DescribeSlots(slots)} " +
                "(an override is in the declared metric's terms: a complement such as FalseNegativeRate for Recall does not match).", "options");
        if (matches.Count > 1)
            throw new ArgumentException(
                $"{name} = {entry} is ambiguous: {metric} is constrained more than once ({string.Join(", ", matches.Select(j => $"{j} {slots[j]}"))}); " +
                "use TargetOverride.ForConstraint(position, …).", "options");
        return matches[0];
    }
}
