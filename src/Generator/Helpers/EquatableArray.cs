using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace GlobalObjectives.Generator.Helpers;

/// <summary>
/// An immutable array with value equality (element-wise), so that pipeline models holding it compare equal
/// across compilations and the incremental driver can cache them.
/// </summary>
/// <typeparam name="T">The element type; its own equality must be value equality.</typeparam>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps a copy of <paramref name="items"/> (no array at all when it is empty).</summary>
    public EquatableArray(IEnumerable<T> items) => _items = Copy(items);

    // The flag only tells this constructor apart from the copying one.
    private EquatableArray(T[]? items, bool takeOwnership) => _items = takeOwnership && items is { Length: > 0 } ? items : null;

    /// <summary>Wraps <paramref name="items"/> itself, which the caller must not change afterwards.</summary>
    internal static EquatableArray<T> Wrap(T[]? items) => new(items, takeOwnership: true);

    // One exact-size copy: the parser builds these per declaration on every compilation, so no intermediate List.
    private static T[]? Copy(IEnumerable<T>? items)
    {
        switch (items)
        {
            case null:
                return null;
            case ICollection<T> collection:
                if (collection.Count == 0) return null;
                var array = new T[collection.Count];
                collection.CopyTo(array, 0);
                return array;
            default:
                var list = new List<T>(items);
                return list.Count == 0 ? null : list.ToArray();
        }
    }

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => default;

    /// <summary>The number of elements.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    /// <summary>The elements as an immutable array.</summary>
    public ImmutableArray<T> AsImmutableArray() => _items is null ? ImmutableArray<T>.Empty : ImmutableArray.Create(_items);

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other)
    {
        var left = _items ?? Array.Empty<T>();
        var right = other._items ?? Array.Empty<T>();
        if (left.Length != right.Length) return false;
        for (int i = 0; i < left.Length; i++)
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in _items ?? Array.Empty<T>())
                hash = hash * 31 + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
            return hash;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

/// <summary>Factory helpers for <see cref="EquatableArray{T}"/>.</summary>
public static class EquatableArray
{
    /// <summary>An equatable copy of <paramref name="items"/>.</summary>
    public static EquatableArray<T> Create<T>(params T[] items) where T : IEquatable<T> => new(items);

    /// <summary>An equatable array over <paramref name="items"/> itself (no copy): only for arrays nobody else holds.</summary>
    internal static EquatableArray<T> Own<T>(T[]? items) where T : IEquatable<T> => EquatableArray<T>.Wrap(items);

    /// <summary>An equatable copy of <paramref name="items"/>.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> => new(items);
}
