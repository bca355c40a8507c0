using System.Text;

namespace Percepti.Core.Data;

/// <summary>RFC 4180 fields: quoted fields may hold delimiters, quotes ("") and line breaks.</summary>
internal static class CsvParser
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>The records of a text, each with the 1-based line it starts on.</summary>
    public static List<(int Line, List<string> Fields)> Parse(string path, string text, char delimiter)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldWasQuoted = false;
        int line = 1, recordLine = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0 && !fieldWasQuoted)
            {
                quoted = true;
                fieldWasQuoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldWasQuoted = false;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                if (!(fields.Count == 1 && fields[0].Length == 0 && !fieldWasQuoted))
                {
                    records.Add((recordLine, fields));
                }

                fields = [];
                field.Clear();
                fieldWasQuoted = false;
                line++;
                recordLine = line;
            }
            else if (fieldWasQuoted)
            {
                throw DataFormatException.At(path, $"line {line}", $"unexpected '{c}' after a closing quote");
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw DataFormatException.At(path, $"line {recordLine}", "a quoted field is never closed");
        }

        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }

    public static char DetectDelimiter(string text)
    {
        int end = text.IndexOfAny(['\n', '\r']);
        string first = end < 0 ? text : text[..end];
        return Candidates.OrderByDescending(d => first.Count(c => c == d)).First();
    }
}
