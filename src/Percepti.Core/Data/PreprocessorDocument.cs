using Percepti.Core.Graph;

namespace Percepti.Core.Data;

// The JSON shape of a fitted preprocessing (Preprocessor.ToJson / FromJson): plain transfer types, checked
// when turned back into column states.

/// <summary>The preprocessing document: a format version and the columns.</summary>
internal sealed class PreprocessorDocument
{
    public int Version { get; set; }

    public List<ColumnDocument>? Columns { get; set; }

    /// <summary>One column's settings, shapes and statistics.</summary>
    internal sealed class ColumnDocument
    {
        public string Name { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public string Role { get; set; } = string.Empty;

        public int[] InputShape { get; set; } = [];

        public int[] OutputShape { get; set; } = [];

        public string Normalization { get; set; } = string.Empty;

        public string Color { get; set; } = string.Empty;

        public int? ResizeHeight { get; set; }

        public int? ResizeWidth { get; set; }

        public bool OneHot { get; set; }

        public double[] Offset { get; set; } = [];

        public double[] Scale { get; set; } = [];

        public string[] ClassNames { get; set; } = [];

        public bool IsImage { get; set; }

        public List<FeatureDocument>? Features { get; set; }

        public static ColumnDocument From(ColumnState state) => new()
        {
            Name = state.Name,
            Kind = state.Kind.ToString(),
            Role = state.Role.ToString(),
            InputShape = [.. state.InputShape],
            OutputShape = [.. state.OutputShape],
            Normalization = state.Settings.Normalization.ToString(),
            Color = state.Settings.Color.ToString(),
            ResizeHeight = state.Settings.ResizeHeight,
            ResizeWidth = state.Settings.ResizeWidth,
            OneHot = state.Settings.OneHot,
            Offset = [.. state.Offset],
            Scale = [.. state.Scale],
            ClassNames = [.. state.ClassNames],
            IsImage = state.IsImage,
            Features = state.Features.Count == 0 ? null : [.. state.Features.Select(f => new FeatureDocument { Column = f.Column, Label = f.Label, Kind = f.Kind.ToString(), Categories = [.. f.Categories] })],
        };

        public ColumnState ToState()
        {
            // Statistics are applied in float32: each must be a finite float, and a scale must not round to 0,
            // or rows come out as infinities and NaN probabilities.
            if (Offset.Length != Scale.Length || Offset.Concat(Scale).Any(v => !float.IsFinite((float)v)))
            {
                throw new ArgumentException($"column '{Name}' has inconsistent statistics or statistics outside the float range");
            }

            if (Scale.Any(v => (float)v == 0))
            {
                throw new ArgumentException($"column '{Name}' has a scale of 0, which cannot be inverted");
            }

            var settings = new ColumnPreprocessing
            {
                Normalization = Enum.Parse<NormalizationMode>(Normalization),
                Color = Enum.Parse<ColorMode>(Color),
                ResizeHeight = ResizeHeight,
                ResizeWidth = ResizeWidth,
                OneHot = OneHot,
            };
            var features = (Features ?? []).Select(f => f.ToSource()).ToList();
            if (features.Count > 0 && features.Sum(f => f.Width) != TensorShape.Of(InputShape).ElementCount)
            {
                throw new ArgumentException($"column '{Name}' packs {features.Sum(f => f.Width)} feature values but its shape is ({string.Join(", ", InputShape)})");
            }

            var state = new ColumnState(Name, Enum.Parse<ColumnKind>(Kind), Enum.Parse<ColumnRole>(Role), TensorShape.Of(InputShape), TensorShape.Of(OutputShape), settings, Offset, Scale, ClassNames, IsImage) { Features = features };
            CheckConsistent(state);
            return state;
        }

        /// <summary>
        /// A state read from a file must be one <see cref="Preprocessor.Fit"/> could have made: shapes that the steps turn
        /// one into the other, and one statistic per group, or Apply would index past its arrays.
        /// </summary>
        private static void CheckConsistent(ColumnState state)
        {
            var (input, output) = (state.InputShape, state.OutputShape);
            bool classes = state.Kind is ColumnKind.Categorical or ColumnKind.Binary;
            string? problem = null;
            if (state.Settings.OneHot)
            {
                problem = !classes || input.Rank != 0 || output != TensorShape.Of(Math.Max(state.ClassNames.Count, 1))
                    ? "one-hot needs a class column delivered as one value per class" : null;
            }
            else if (state.IsImage)
            {
                problem = input.Rank != 3 || output.Rank != 3 || input[0] is not (1 or 3) || output[0] is not (1 or 3)
                    ? "an image is channels × height × width with 1 or 3 channels" : null;
            }
            else if (input.ElementCount != output.ElementCount)
            {
                problem = $"{input} cannot become {output} without an image or one-hot step";
            }

            if (problem is null && state.Offset.Count > 1 && state.Offset.Count != Preprocessor.StatisticGroups(state))
            {
                problem = $"{state.Offset.Count} statistics do not fit {output} ({Preprocessor.StatisticGroups(state)} expected)";
            }

            if (problem is not null)
            {
                throw new ArgumentException($"column '{state.Name}': {problem}");
            }
        }
    }

    /// <summary>One column packed into a feature vector.</summary>
    internal sealed class FeatureDocument
    {
        public string Column { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public string[] Categories { get; set; } = [];

        public FeatureSource ToSource()
        {
            var kind = Enum.Parse<ColumnKind>(Kind);
            if (kind is not (ColumnKind.Numeric or ColumnKind.Binary or ColumnKind.Categorical) || string.IsNullOrEmpty(Column))
            {
                throw new ArgumentException($"feature column '{Column}' of kind {Kind} cannot be part of a feature vector");
            }

            return new FeatureSource(Column, string.IsNullOrEmpty(Label) ? Column : Label, kind, Categories ?? []);
        }
    }
}
