namespace Percepti.Core.IO;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so no reader ever sees half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path, then renames it over <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the path it is given.</param>
    /// <returns>The full path written.</returns>
    public static string Write(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
            return full;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
