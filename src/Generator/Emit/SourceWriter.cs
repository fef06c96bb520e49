using System;
using System.Text;

namespace GlobalObjectives.Generator.Emit;

/// <summary>A small indentation-aware writer (4 spaces per level, <c>\n</c> line endings).</summary>
public sealed class SourceWriter
{
    private readonly StringBuilder _builder = new(8 * 1024);
    private int _indentation;

    /// <summary>The current indentation level.</summary>
    public int Indentation => _indentation;

    /// <summary>Writes one line, or several (each re-indented) when <paramref name="text"/> contains line breaks.</summary>
    public SourceWriter WriteLine(string text)
    {
        // Nearly every call writes one line: append it directly instead of normalizing and splitting.
        if (text.IndexOf('\n') < 0 && text.IndexOf('\r') < 0)
        {
            if (text.Length > 0) _builder.Append(' ', 4 * _indentation).Append(text);
            _builder.Append('\n');
            return this;
        }
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0) _builder.Append(' ', 4 * _indentation).Append(line);
            _builder.Append('\n');
        }
        return this;
    }

    /// <summary>Writes an empty line.</summary>
    public SourceWriter WriteLine()
    {
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public SourceWriter OpenBlock()
    {
        WriteLine("{");
        _indentation++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> (plus <paramref name="suffix"/>).</summary>
    public SourceWriter CloseBlock(string suffix = "")
    {
        if (_indentation == 0) throw new InvalidOperationException("CloseBlock without a matching OpenBlock.");
        _indentation--;
        return WriteLine("}" + suffix);
    }

    /// <summary>The text written; the indentation must be back at 0.</summary>
    public override string ToString()
    {
        if (_indentation != 0) throw new InvalidOperationException($"Unbalanced blocks: indentation is {_indentation}.");
        return _builder.ToString();
    }
}
