using System.Globalization;
using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>
/// Loads a CSV file: header, delimiter and quoting; column kinds inferred (numeric, binary,
/// categorical, image path, text) unless overridden; roles per column; a policy for missing values.
/// </summary>
public static class CsvDataset
{
    /// <summary>Reads a CSV file in the background (see <see cref="Load"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Delimiter, header, roles, names; null for the defaults.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="cancellationToken">Stops the load at the reader's next progress report.</param>
    /// <returns>The dataset, read on the thread pool so a UI thread stays free.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<Dataset> LoadAsync(string path, CsvOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return BackgroundLoad.Run(p => Load(path, options, p), progress, cancellationToken);
    }

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Delimiter, header, kinds, roles, missing values, images.</param>
    /// <param name="progress">Receives progress in rows.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DataFormatException">The file is malformed; the message names the line and column.</exception>
    public static Dataset Load(string path, CsvOptions? options = null, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CsvOptions();
        Options.OptionsValidator.Validate(options, nameof(options));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot open {path}: {exception.Message}", exception);
        }

        char delimiter = options.Delimiter ?? CsvParser.DetectDelimiter(text);
        var records = CsvParser.Parse(path, text, delimiter);
        if (records.Count == 0)
        {
            throw DataFormatException.At(path, "line 1", "the file is empty");
        }

        var names = options.HasHeader
            ? records[0].Fields.Select(f => f.Trim()).ToList()
            : [.. Enumerable.Range(1, records[0].Fields.Count).Select(i => $"column{i}")];
        if (names.Count > options.MaxColumns)
        {
            throw DataFormatException.At(path, "line 1", $"the file has {names.Count:N0} columns; the limit is {options.MaxColumns:N0} (CsvOptions.MaxColumns)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0 || !seen.Add(names[i]))
            {
                throw DataFormatException.At(path, "line 1", $"column {i + 1} has {(names[i].Length == 0 ? "no name" : $"the duplicate name '{names[i]}'")}");
            }
        }

        var ids = ColumnIds(path, names, options.ColumnNames);
        foreach (string name in options.ColumnKinds.Keys.Concat(options.Roles.Keys).Concat(options.ImageColumns).Concat(options.ColumnNames.Keys))
        {
            if (!names.Contains(name) && !ids.Contains(name))
            {
                throw new DatasetException($"{path} has no column '{name}' (named in the options); it has {string.Join(", ", names)}.");
            }
        }

        var rows = records.Skip(options.HasHeader ? 1 : 0).ToList();
        foreach (var (line, fields) in rows)
        {
            if (fields.Count != names.Count)
            {
                throw DataFormatException.At(path, $"line {line}", $"the row has {fields.Count} fields but the header has {names.Count}");
            }
        }

        var markers = new HashSet<string>(options.MissingMarkers, StringComparer.OrdinalIgnoreCase);
        bool Missing(string value) => value.Trim().Length == 0 || markers.Contains(value.Trim());
        if (options.MissingValues == MissingValuePolicy.DropRow)
        {
            rows = [.. rows.Where(r => !r.Fields.Any(Missing))];
        }

        if (rows.Count == 0)
        {
            throw DataFormatException.At(path, "line 2", "the file has no data rows");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var columns = new List<CsvColumn>();
        for (int c = 0; c < names.Count; c++)
        {
            columns.Add(BuildColumn(path, directory, names[c], ids[c], c, rows, options, Missing, c == names.Count - 1));
            progress?.Report(new LoadProgress(path, (long)(c + 1) * rows.Count, (long)names.Count * rows.Count, "values"));
        }

        return new CsvTable(path, columns, rows.Count);
    }

    /// <summary>
    /// Column names as node ids: a header that is already a valid id is kept; any other (<c>od280/od315</c>,
    /// spaces, non-ASCII letters) has each invalid character replaced by '_', and a number is appended when
    /// that collides. The header stays the column's label, so nothing is lost and lookups by it still work.
    /// </summary>
    private static List<string> ColumnIds(string path, List<string> names, IReadOnlyDictionary<string, string> renames)
    {
        var ids = new List<string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names.Where(n => NodeId.Check(n) is null && !renames.ContainsKey(n)))
        {
            taken.Add(name);
        }

        foreach (string name in names)
        {
            string id;
            if (renames.TryGetValue(name, out var renamed))
            {
                if (NodeId.Check(renamed) is { } problem)
                {
                    throw new DatasetException($"{path}: column '{name}' cannot be renamed to '{renamed}': {problem}.");
                }

                if (!taken.Add(renamed))
                {
                    throw new DatasetException($"{path}: column '{name}' cannot be renamed to '{renamed}': another column has that name.");
                }

                id = renamed;
            }
            else if (NodeId.Check(name) is null)
            {
                id = name;
            }
            else
            {
                // Each run of invalid characters becomes one '_': "power (kW)" is power_kW.
                var text = new System.Text.StringBuilder();
                foreach (char c in name)
                {
                    bool valid = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
                    if (valid || (text.Length > 0 && text[^1] != '_'))
                    {
                        text.Append(valid ? c : '_');
                    }
                }

                string stem = text.ToString().Trim('_');
                stem = stem.Length == 0 ? $"column{ids.Count + 1}" : stem[..Math.Min(stem.Length, NodeId.MaxLength - 4)];
                id = stem;
                for (int n = 2; !taken.Add(id); n++)
                {
                    id = $"{stem}_{n}";
                }
            }

            ids.Add(id);
        }

        return ids;
    }

    private static T? ByName<T>(IReadOnlyDictionary<string, T> options, string name, string id) =>
        options.TryGetValue(name, out var value) || options.TryGetValue(id, out value) ? value : default;

    private static CsvColumn BuildColumn(string path, string directory, string name, string id, int index, List<(int Line, List<string> Fields)> rows, CsvOptions options, Func<string, bool> missing, bool last)
    {
        var values = rows.Select(r => r.Fields[index].Trim()).ToList();
        var present = values.Where(v => !missing(v)).ToList();
        ColumnKind kind;
        bool kindGiven = options.ColumnKinds.ContainsKey(name) || options.ColumnKinds.ContainsKey(id);
        bool image = options.ImageColumns.Contains(name) || options.ImageColumns.Contains(id) || (present.Count > 0 && present.All(ImageDecoder.IsImagePath) && !kindGiven);
        if (kindGiven)
        {
            kind = ByName(options.ColumnKinds, name, id);
        }
        else if (image)
        {
            kind = ColumnKind.Tensor;
        }
        else
        {
            var distinct = present.Distinct(StringComparer.Ordinal).Count();
            bool numeric = present.Count > 0 && present.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            // Numbers are binary only as 0/1 flags; two distinct words always are.
            bool flags = numeric && present.All(v => v is "0" or "1");
            kind = distinct == 2 && (!numeric || flags) ? ColumnKind.Binary
                : numeric ? ColumnKind.Numeric
                : distinct <= options.MaxCategories ? ColumnKind.Categorical
                : ColumnKind.Text;
        }

        bool roleGiven = options.Roles.ContainsKey(name) || options.Roles.ContainsKey(id);
        var role = roleGiven ? ByName(options.Roles, name, id)
            : kind == ColumnKind.Text ? ColumnRole.Unused
            : last && !options.Roles.Values.Contains(ColumnRole.Target) ? ColumnRole.Target
            : ColumnRole.Input;

        void CheckMissing(int row)
        {
            if (options.MissingValues == MissingValuePolicy.Error)
            {
                throw DataFormatException.At(path, $"line {rows[row].Line}, column '{name}'", "the value is missing; choose a MissingValues policy (DropRow or Fill) to accept it");
            }
        }

        switch (kind)
        {
            case ColumnKind.Numeric:
                {
                    var numbers = new float[values.Count];
                    var gaps = new List<int>();
                    for (int r = 0; r < values.Count; r++)
                    {
                        if (missing(values[r]))
                        {
                            CheckMissing(r);
                            gaps.Add(r);
                            continue;
                        }

                        if (!float.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[r]) || !float.IsFinite(numbers[r]))
                        {
                            throw DataFormatException.At(path, $"line {rows[r].Line}, column '{name}'", $"'{values[r]}' is not a number");
                        }
                    }

                    float mean = gaps.Count < values.Count ? (float)Enumerable.Range(0, values.Count).Except(gaps).Average(r => numbers[r]) : 0;
                    foreach (int r in gaps)
                    {
                        numbers[r] = mean;
                    }

                    return new CsvColumn(new DatasetColumn(id, kind, TensorShape.Scalar, role) { Label = name }, numbers, null, null);
                }

            case ColumnKind.Categorical or ColumnKind.Binary:
                {
                    // Numbers keep numeric order (2 before 10); words are sorted ordinally.
                    var distinct = present.Distinct(StringComparer.Ordinal).ToList();
                    bool numbers = distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                    var classes = numbers
                        ? [.. distinct.OrderBy(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ThenBy(v => v, StringComparer.Ordinal)]
                        : distinct.Order(StringComparer.Ordinal).ToList();
                    if (kind == ColumnKind.Binary && classes.Count > 2)
                    {
                        throw DataFormatException.At(path, $"column '{name}'", $"a binary column has {classes.Count} distinct values ({string.Join(", ", classes.Take(5))}…)");
                    }

                    string mode = present.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? string.Empty;
                    var indices = new float[values.Count];
                    for (int r = 0; r < values.Count; r++)
                    {
                        string value = values[r];
                        if (missing(value))
                        {
                            CheckMissing(r);
                            value = mode;
                        }

                        indices[r] = classes.IndexOf(value);
                    }

                    return new CsvColumn(new DatasetColumn(id, kind, TensorShape.Scalar, role) { Label = name, ClassNames = classes }, indices, null, null);
                }

            case ColumnKind.Tensor when image:
                {
                    var paths = new string[values.Count];
                    for (int r = 0; r < values.Count; r++)
                    {
                        if (missing(values[r]))
                        {
                            throw DataFormatException.At(path, $"line {rows[r].Line}, column '{name}'", "an image path is missing; missing images cannot be filled");
                        }

                        paths[r] = Path.GetFullPath(Path.Combine(directory, values[r]));
                    }

                    var (height, width) = options.ImageSize ?? ImageDecoder.Size(paths[0]);
                    ImageDecoder.CheckTargetSize($"{path}, column '{name}'", height, width);
                    var shape = TensorShape.Of(options.ImageChannels == 1 ? 1 : 3, height, width);
                    return new CsvColumn(new DatasetColumn(id, ColumnKind.Tensor, shape, role) { Label = name, IsImage = true }, null, null, paths);
                }

            case ColumnKind.Text:
                {
                    for (int r = 0; r < values.Count; r++)
                    {
                        if (missing(values[r]))
                        {
                            CheckMissing(r);
                        }
                    }

                    return new CsvColumn(new DatasetColumn(id, kind, TensorShape.Scalar, role) { Label = name }, null, [.. values], null);
                }

            default:
                throw new DatasetException($"{path}: column '{name}' cannot be read as {kind}; CSV columns are numeric, binary, categorical, text or image paths.");
        }
    }

    private sealed record CsvColumn(DatasetColumn Definition, float[]? Numbers, string[]? Texts, string[]? ImagePaths);

    private sealed class CsvTable(string path, List<CsvColumn> columns, int count) : Dataset
    {
        public override DatasetSchema Schema { get; } = new([.. columns.Select(c => c.Definition)]);

        public override int Count => count;

        public override string Source => path;

        public override void Read(int row, int column, Span<float> destination)
        {
            CheckRow(row);
            var data = columns[column];
            if (data.Numbers is not null)
            {
                destination[0] = data.Numbers[row];
            }
            else if (data.ImagePaths is not null)
            {
                var shape = data.Definition.Shape;
                ImageDecoder.Decode(data.ImagePaths[row], shape[0], shape[1], shape[2], destination);
            }
            else
            {
                throw new DatasetException($"Column '{data.Definition.Name}' of {path} is text; read it with ReadText.");
            }
        }

        public override string ReadText(int row, int column)
        {
            CheckRow(row);
            return columns[column].Texts?[row] ?? base.ReadText(row, column);
        }
    }
}
