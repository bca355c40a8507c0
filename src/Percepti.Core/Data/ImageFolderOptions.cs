using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Data;

/// <summary>How an image folder (one sub-folder per class) is read.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>The name of the image column (the Input component's id).</summary>
    public string ImageColumn { get; init; } = "image";

    /// <summary>The name of the class column (the Target component's id).</summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>The height images are resized to; the first image's when null.</summary>
    [Range(1, 16_384)]
    public int? Height { get; init; }

    /// <summary>The width images are resized to; the first image's when null.</summary>
    [Range(1, 16_384)]
    public int? Width { get; init; }

    /// <summary>Image channels: 1 (gray) or 3 (RGB).</summary>
    [Range(1, 3)]
    public int Channels { get; init; } = 3;
}
